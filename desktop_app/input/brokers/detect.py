"""Which export a file is, from its content (``--format auto``).

XML whose root is ``FlexQueryResponse`` is IBKR; JSON with ``activities`` is
Ghostfolio; a CSV is recognised by its header: ours, IBKR's Flex Trades,
Wealthfolio's template, then Ghostfolio's aliases (the loosest, so last).
Anything else is refused with one line naming what the file starts with and
pointing to ``--mapping``.
"""

from __future__ import annotations

import csv
import re

from desktop_app.input.brokers import ghostfolio, ibkr, text, wealthfolio
from desktop_app.input.csv_formats import TRANSACTION_COLUMNS, TRANSACTION_OPTIONAL

FORMATS = ("paperwealth", "ibkr", "ghostfolio", "wealthfolio", "mapping")
_OURS = frozenset(TRANSACTION_COLUMNS) - TRANSACTION_OPTIONAL
_SHOWN = 120


class Unrecognised(ValueError):
    """The file is none of the formats we know; the message names what it starts with."""


def header_of(data: bytes) -> list[str]:
    """The first non-blank CSV row, decoded and split as the file does."""
    sample = data[: 1 << 16]
    try:
        content, _encoding = text.decode(sample)
    except text.TextError:
        content = sample.decode("utf-8", "replace")
    first = next((line for line in content.splitlines() if line.strip()), "")
    return next(csv.reader([first], delimiter=text.delimiter(first)), [])


def detect(data: bytes) -> str:
    """The format's name (one of FORMATS but "mapping"), or Unrecognised."""
    if ibkr.looks_like_xml(data):
        return "ibkr"
    if ghostfolio.looks_like_json(data):
        return "ghostfolio"
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        root = re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w.\-:]*)", head, re.S)
        seen = f"root element <{root.group(1)}>" if root else "XML"
        raise Unrecognised(f"not a format we recognise: {seen}; describe it with --mapping FILE.json")
    if head.startswith(("{", "[")):
        raise Unrecognised("not a format we recognise: JSON without \"activities\"; "
                           "describe it with --mapping FILE.json")
    header = header_of(data)
    names = {h.strip().lower() for h in header}
    if _OURS <= names:
        return "paperwealth"
    if ibkr.looks_like_csv(header):
        return "ibkr"
    if wealthfolio.looks_like_csv(header):
        return "wealthfolio"
    if ghostfolio.looks_like_csv(header):
        return "ghostfolio"
    if data.startswith(b"SQLite format 3\x00"):
        raise Unrecognised("not a format we recognise: an SQLite database (a ledger is opened with --db, "
                           "not imported); an export is described with --mapping FILE.json")
    shown = ",".join(header)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unrecognised("not a format we recognise: binary content, not text (UTF-16 needs its byte-order "
                           "mark); describe a CSV with --mapping FILE.json")
    shown = "".join(c if c.isprintable() else "?" for c in shown)  # one line, nothing the terminal acts on
    if len(shown) > _SHOWN:
        shown = shown[: _SHOWN - 1] + "…"
    raise Unrecognised(f"not a format we recognise: header '{shown or '(empty)'}'; "
                       "describe its columns with --mapping FILE.json")
