"""Paper Wealth: listed shares, private marks and employee grants in one local ledger."""

__version__ = "0.1.0"
