"""Frozen entry point of the command line (paperwealth-cli / paperwealth-cli.exe)."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
