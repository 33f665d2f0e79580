"""The pure domain: values, arithmetic and validation.

Nothing here imports Qt, SQLite, pandas or the network (an import-linter
contract in pyproject.toml and tests/test_layers.py enforce it).
"""
