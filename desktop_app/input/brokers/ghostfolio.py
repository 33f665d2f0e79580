"""Ghostfolio's exports, JSON and CSV, as our transactions.

The JSON export is ``{"activities": [...], "accounts": [...]}``; each
activity has ``date``, ``type``, ``symbol``, ``quantity``, ``unitPrice``,
``fee``, ``currency``, ``comment``, ``dataSource`` and ``accountId`` (the
account's name comes from ``accounts``). Its CSV import takes the header
aliases below, matched case-insensitively. BUY, SELL and DIVIDEND are ours
(a dividend is quantity x unit price, as in our own CSV); FEE, INTEREST,
LIABILITY and ITEM are skipped and counted. A ``MANUAL`` data source is an
asset with no public quote: a private holding here.

JSON has no lines of its own for messages; each activity is named by the line
its object starts on, found by decoding the array one element at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal

from desktop_app.core.numbers import plain
from desktop_app.input.brokers import text as textio
from desktop_app.input.brokers.common import BrokerFile, FieldProblem, Skipped, SourceRow, csv_table
from desktop_app.input.csv_formats import RowError

FORMAT = "ghostfolio"
_TYPES = {"BUY": "buy", "SELL": "sell", "DIVIDEND": "dividend"}
_SKIPPED = {"FEE": "fee", "INTEREST": "interest", "LIABILITY": "liability", "ITEM": "item"}
# Our field -> the header names Ghostfolio's CSV import accepts for it (lower case).
ALIASES = {
    "date": ("date", "tradedate"),
    "symbol": ("code", "symbol", "ticker"),
    "type": ("action", "type"),
    "quantity": ("qty", "quantity", "shares", "units"),
    "price": ("price", "unitprice", "tradeprice", "value"),
    "fees": ("fee", "commission"),
    "currency": ("ccy", "currency"),
    "note": ("note", "comment"),
    "account": ("account",),
}
_REQUIRED = ("date", "symbol", "type", "quantity", "price", "currency")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y%m%d")


def looks_like_json(data: bytes) -> bool:
    head = data[:2048].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    return head.startswith("{") and '"activities"' in data[:1 << 20].decode("utf-8", "ignore")


def looks_like_csv(header: list[str]) -> bool:
    """A header whose every required field has one of Ghostfolio's aliases."""
    names = {h.strip().lower() for h in header}
    return all(any(a in names for a in ALIASES[f]) for f in _REQUIRED)


def _activities_with_lines(document: str, activities: list) -> list[tuple[int, object]]:
    """Each activity with the line its object starts on."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    for found in re.finditer(r'"activities"\s*:\s*\[', document):
        pos, out = found.end(), []
        counted, line = 0, 1  # newlines counted up to ``counted`` (from the last item on, not from 0)
        try:
            while True:
                while document[pos] in " \t\r\n,":
                    pos += 1
                if document[pos] == "]":
                    break
                item, end = decoder.raw_decode(document, pos)
                line += document.count("\n", counted, pos)
                counted = pos
                out.append((line, item))
                pos = end
        except (ValueError, IndexError, RecursionError):
            continue
        if [item for _line, item in out] == activities:
            return out
    return [(0, item) for item in activities]  # not found as written: the file as a whole


def read_json(data: bytes) -> BrokerFile:
    out = BrokerFile(FORMAT)
    try:
        document, _encoding = textio.decode(data)
        parsed = json.loads(document, parse_float=Decimal)  # 0.1 stays 0.1, 1e999 no float's inf
    except RecursionError:
        out.errors.append(RowError(0, "", "is not a Ghostfolio JSON export (nested too deeply)", "ghostfolio"))
        return out
    except (textio.TextError, ValueError) as exc:
        out.errors.append(RowError(0, "", f"is not a Ghostfolio JSON export ({str(exc)[:80]})", "ghostfolio"))
        return out
    activities = parsed.get("activities") if isinstance(parsed, dict) else None
    if not isinstance(activities, list):
        out.errors.append(RowError(0, "activities", "is missing or not a list", "ghostfolio"))
        return out
    listed = parsed.get("accounts")
    # An account's name by its id; anything else in "accounts" (a number, a list as id) names none.
    accounts = {a["id"]: str(a.get("name") or "") for a in (listed if isinstance(listed, list) else [])
                if isinstance(a, dict) and isinstance(a.get("id"), str)}
    for line, item in _activities_with_lines(document, activities):
        if not isinstance(item, dict):
            out.errors.append(RowError(line, "", "an activity is not an object", "ghostfolio"))
            continue
        fields = {k: "" if v is None else str(v) for k, v in item.items() if not isinstance(v, (dict, list))}
        account = item.get("accountId")
        fields["account"] = accounts.get(account, "") if isinstance(account, str) else ""
        _add(out, line, fields, lambda s: textio.date(s), {"fees": "fee", "price": "unitPrice", "note": "comment"},
             ident=fields.get("id") or None)
    return out


def read_csv(data: bytes) -> BrokerFile:
    out = BrokerFile(FORMAT)
    table = csv_table(out, data)
    if table is None:
        return out
    (_line, header), body = table[0], table[1:]
    lowered = [h.strip().lower() for h in header]
    where = {f: next((lowered.index(a) for a in names if a in lowered), None) for f, names in ALIASES.items()}
    columns = {f: header[i].strip() for f, i in where.items() if i is not None}
    for line, cells in body:
        fields = {columns[f]: (cells[i] if i < len(cells) else "") for f, i in where.items() if i is not None}
        _add(out, line, fields, lambda s: textio.date(s, DATE_FORMATS), columns)
    return out


def _add(out: BrokerFile, line: int, fields: dict[str, str], parse_date: Callable, names: dict[str, str],
         ident: str | None = None) -> None:
    """One activity: a row, a skip, or a problem naming the file's own column."""
    def get(field: str) -> str:
        return (fields.get(names.get(field, field)) or "").strip()

    kind = get("type").upper()
    if kind in _SKIPPED:
        out.skipped.append(Skipped(line, _SKIPPED[kind], kind))
        return
    try:
        if kind not in _TYPES:
            raise FieldProblem(names.get("type", "type"), f"'{kind[:20]}' is not BUY, SELL or DIVIDEND "
                                                  f"(nor FEE, INTEREST, LIABILITY or ITEM, which are skipped)")
        record = {
            "date": _value(names, "date", lambda: parse_date(get("date")).isoformat()),
            "type": _TYPES[kind],
            "symbol": get("symbol"),
            "name": "",
            "asset_class": "private" if get("dataSource").upper() == "MANUAL" else "listed",
            "quantity": _value(names, "quantity", lambda: plain(abs(textio.number(get("quantity"))))),
            "price": _value(names, "price", lambda: plain(textio.number(get("price")))),
            "currency": get("currency").upper(),
            "fees": _value(names, "fees", lambda: plain(textio.number(get("fees") or "0"))),
            "account": get("account"),
            "note": get("note"),
        }
    except FieldProblem as bad:
        out.errors.append(RowError(line, bad.column, bad.message, "ghostfolio"))
        return
    out.rows.append(SourceRow(line, record, f"ghostfolio:{ident}" if ident else None))


def _value(names: dict[str, str], field: str, make: Callable[[], str]) -> str:
    try:
        return make()
    except textio.TextError as exc:
        raise FieldProblem(names.get(field, field), str(exc)) from None
