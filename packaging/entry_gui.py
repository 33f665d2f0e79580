"""Frozen entry point of the window (PaperWealth / PaperWealth.exe)."""

import sys

from desktop_app.gui_main import main

if __name__ == "__main__":
    sys.exit(main())
