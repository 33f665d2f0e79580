"""``paperwealth``: the desktop window's entry point (issue 4 builds the window)."""

from __future__ import annotations

import sys


def main() -> int:
    print(
        "The Paper Wealth window is not built yet; use paperwealth-cli for now "
        "(paperwealth-cli --help).",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
