"""Wealthfolio's activities CSV (the columns of its import template) as our transactions.

``date,type,symbol,instrumentType,quantity,unit_price,currency,fee,amount,comment,fxRate,subtype``
(extra columns such as ``id`` or ``accountId`` are read when present, others ignored).

- BUY, SELL, DIVIDEND and SPLIT are ours. A dividend with a quantity and a
  unit price is those; one with only ``amount`` is paid on the shares held
  that day (the file's trades plus the ledger's, through ``held``). A split's
  ratio is ``amount`` (Wealthfolio keeps it there; ``2`` is 1 share into 2),
  or ``quantity`` when ``amount`` is empty.
- TRANSFER_IN and ADD_HOLDING of a security are buys at their unit price: the
  cost carried over from the other account.
- DEPOSIT, WITHDRAWAL, INTEREST, FEE, TAX, CREDIT, TRANSFER_OUT,
  REMOVE_HOLDING and any ``$CASH-*`` symbol are skipped and counted; when
  holdings moved out, the notes warn that those holdings will differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from desktop_app.core.numbers import ZERO, plain
from desktop_app.input.brokers import text as textio
from desktop_app.input.brokers.common import BrokerFile, FieldProblem, Skipped, SourceRow, csv_table, file_position
from desktop_app.input.csv_formats import RowError

FORMAT = "wealthfolio"
COLUMNS = ("date", "type", "symbol", "instrumentType", "quantity", "unit_price", "currency", "fee", "amount",
           "comment", "fxRate", "subtype")
_REQUIRED = frozenset({"date", "type", "symbol", "quantity", "unit_price", "currency"})
_TYPES = {"BUY": "buy", "SELL": "sell", "DIVIDEND": "dividend", "SPLIT": "split",
          "TRANSFER_IN": "buy", "ADD_HOLDING": "buy"}
_SKIPPED = {"DEPOSIT": "cash", "WITHDRAWAL": "cash", "INTEREST": "interest", "FEE": "fee", "TAX": "tax",
            "CREDIT": "other_cash", "TRANSFER_OUT": "transfer_out", "REMOVE_HOLDING": "transfer_out"}
HeldLookup = Callable[[str, dt.date], Decimal]


def looks_like_csv(header: list[str]) -> bool:
    names = {h.strip() for h in header}
    return _REQUIRED <= names and ("unit_price" in names)


def read_csv(data: bytes, *, held: HeldLookup | None = None) -> BrokerFile:
    out = BrokerFile(FORMAT)
    table = csv_table(out, data)
    if table is None:
        return out
    header = [h.strip() for h in table[0][1]]
    pending: list[tuple[int, dict[str, str]]] = []  # dividends given only as an amount
    for line, cells in table[1:]:
        fields = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            _one(out, line, fields, pending)
        except FieldProblem as bad:
            out.errors.append(RowError(line, bad.column, bad.message, "wealthfolio"))
    for line, fields in pending:
        try:
            out.rows.append(_dividend_from_amount(out, line, fields, held))
        except FieldProblem as bad:
            out.errors.append(RowError(line, bad.column, bad.message, "wealthfolio"))
    out.rows.sort(key=lambda r: r.line)
    if any(s.kind == "transfer_out" for s in out.skipped):
        out.notes.append("holdings moved out (TRANSFER_OUT, REMOVE_HOLDING) were skipped: "
                         "those holdings will differ from Wealthfolio's")
    return out


def _num(fields: dict[str, str], column: str, *, default: str | None = None) -> Decimal:
    text = fields.get(column, "")
    if not text:
        if default is None:
            raise FieldProblem(column, "is required")
        text = default
    try:
        return textio.number(text)
    except textio.TextError as exc:
        raise FieldProblem(column, str(exc)) from None


def _one(out: BrokerFile, line: int, fields: dict[str, str], pending: list) -> None:
    kind = fields.get("type", "").upper()
    symbol = fields.get("symbol", "")
    if kind in _SKIPPED:
        out.skipped.append(Skipped(line, _SKIPPED[kind], kind))
        return
    if symbol.upper().startswith("$CASH"):
        out.skipped.append(Skipped(line, "cash_symbol", symbol))
        return
    if kind not in _TYPES:
        raise FieldProblem("type", f"'{kind[:20]}' is not a Wealthfolio activity type we know")
    try:
        day = textio.date(fields.get("date", ""))
    except textio.TextError as exc:
        raise FieldProblem("date", str(exc)) from None
    record = {"date": day.isoformat(), "type": _TYPES[kind], "symbol": symbol, "name": "",
              "asset_class": "listed", "currency": fields.get("currency", "").upper(),
              "account": fields.get("account", "") or fields.get("accountId", ""),
              "note": fields.get("comment", ""), "fees": plain(_num(fields, "fee", default="0"))}
    if kind == "SPLIT":
        ratio = _num(fields, "amount") if fields.get("amount") else _num(fields, "quantity")
        record.update(quantity=plain(ratio), price="", fees="0")
    elif kind == "DIVIDEND" and not (_num(fields, "quantity", default="0") and
                                     _num(fields, "unit_price", default="0")):
        pending.append((line, fields))
        return
    else:
        record.update(quantity=plain(abs(_num(fields, "quantity"))), price=plain(_num(fields, "unit_price")))
    ident = fields.get("id")
    out.rows.append(SourceRow(line, record, f"wealthfolio:{ident}" if ident else None))


def _dividend_from_amount(out: BrokerFile, line: int, fields: dict[str, str],
                          held: HeldLookup | None) -> SourceRow:
    amount = _num(fields, "amount")
    symbol = fields.get("symbol", "")
    day = textio.date(fields.get("date", ""))
    before = day - dt.timedelta(days=1)  # entitled: held at the end of the day before (as booking counts)
    shares = (held(symbol, before) if held else ZERO) + file_position(out.rows, symbol, before)
    if shares <= 0 or amount <= 0:
        raise FieldProblem("amount", f"a dividend of {plain(amount)} with no quantity, and no shares of {symbol} "
                             f"held on {day.isoformat()} to divide it by")
    record = {"date": day.isoformat(), "type": "dividend", "symbol": symbol, "name": "", "asset_class": "listed",
              "quantity": plain(shares), "price": plain((amount / shares).quantize(Decimal("1e-10")).normalize()),
              "currency": fields.get("currency", "").upper(), "fees": plain(_num(fields, "fee", default="0")),
              "account": fields.get("account", "") or fields.get("accountId", ""), "note": fields.get("comment", "")}
    ident = fields.get("id")
    return SourceRow(line, record, f"wealthfolio:{ident}" if ident else None)
