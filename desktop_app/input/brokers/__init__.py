"""Readers for other brokers' and trackers' exports (issue 14): each turns a
file into rows of our own transaction columns, for the same checks our CSV gets."""
