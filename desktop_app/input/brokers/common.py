"""What every broker or tracker export becomes before our own checks see it.

A reader turns a file into ``SourceRow`` records: the columns of our own
transactions CSV, as text (``date`` in ISO form, ``type`` one of ours), plus
the line the row came from and the broker's own id where the format has one.
The records then go through exactly the field and position checks that a
Paper Wealth CSV row does, so a broker file can never put into the ledger
anything our own format would refuse. Rows of kinds we do not hold are
``Skipped`` and counted by kind, never dropped in silence.

Nothing here touches storage: what the ledger already holds (for duplicate
keys, a dividend's shares, a stored FX rate) reaches a reader as a callable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from desktop_app.input.brokers import text as textio
from desktop_app.input.csv_formats import TRANSACTION_COLUMNS, RowError

class FieldProblem(Exception):
    """A value of a broker's file that cannot be read: ``column`` is the
    file's own name for it, ``message`` says why (a RowError once its line is known)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


# A skipped row's kind -> how the output counts it ("1 option trade", "2 option trades").
SKIP_KINDS: dict[str, tuple[str, str]] = {
    "option": ("option trade", "option trades"),
    "future": ("futures trade", "futures trades"),
    "forex": ("forex conversion", "forex conversions"),
    "other_asset": ("trade of another asset class", "trades of other asset classes"),
    "cash": ("deposit or withdrawal", "deposits or withdrawals"),
    "interest": ("interest payment", "interest payments"),
    "fee": ("fee", "fees"),
    "tax": ("tax payment", "tax payments"),
    "liability": ("liability", "liabilities"),
    "transfer_out": ("holding moved out", "holdings moved out"),
    "other_cash": ("other cash movement", "other cash movements"),
    "cancelled": ("cancelled trade", "cancelled trades"),
    "repeated": ("row the file lists again", "rows the file lists again"),
    "item": ("valuable item", "valuable items"),
    "cash_symbol": ("cash holding row", "cash holding rows"),
    "by_mapping": ("row the mapping skips", "rows the mapping skips"),
}


# Kinds whose count also shows what the file called them ("1 option trade (OPT)");
# the others say it in their words already.
_DETAILED = frozenset({"option", "future", "forex", "other_asset", "other_cash", "cash_symbol", "by_mapping"})


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One transaction as our CSV columns (text), from ``line`` of the file
    (an XML element's line), with the broker's own id when it has one."""

    line: int
    record: dict[str, str]
    key: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.record) - set(TRANSACTION_COLUMNS)
        if unknown:
            raise ValueError(f"not a transaction column: {sorted(unknown)}")


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    kind: str  # a key of SKIP_KINDS
    detail: str = ""  # what the file called it, e.g. "OPT"


@dataclass(slots=True)
class BrokerFile:
    """A broker file read: the rows to check and import, what was skipped,
    the problems (each naming its line and the file's own column), and notes
    for the user (symbols left as the broker spelled them, ...)."""

    format: str
    rows: list[SourceRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Source keys of trades the file cancels whose trade is not in the file
    # (it may be in the ledger from an earlier import).
    cancels: list[str] = field(default_factory=list)
    # IBKR: the TradeID a cancel names (origTradeID), by the cancel's key above.
    cancel_trade_ids: dict[str, str] = field(default_factory=dict)

    def skipped_text(self) -> str:
        return skipped_text(self.skipped)


def skipped_text(skipped: Iterable[Skipped]) -> str:
    """``skipped: 1 option trade (OPT), 1 deposit or withdrawal``, or "" when
    nothing was skipped. Kinds in the order they first appear."""
    counts: Counter[str] = Counter()
    details: dict[str, list[str]] = {}
    for s in skipped:
        counts[s.kind] += 1
        seen = details.setdefault(s.kind, [])
        if s.detail and s.detail not in seen and s.kind in _DETAILED:
            seen.append(s.detail)
    if not counts:
        return ""
    parts = []
    for kind, n in counts.items():
        one, many = SKIP_KINDS.get(kind, (kind, kind))
        part = f"{n} {one if n == 1 else many}"
        if details[kind]:
            part += f" ({', '.join(details[kind])})"
        parts.append(part)
    return "skipped: " + ", ".join(parts)


def _canonical_number(text: str) -> str:
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        return text.strip()
    if not value.is_finite():
        return text.strip()
    return format(value.normalize(), "f") if value else "0"


_KEY_FIELDS = ("date", "type", "symbol", "quantity", "price", "currency", "fees", "account")
_NUMERIC = frozenset({"quantity", "price", "fees"})


def row_digest(record: dict[str, str]) -> str:
    """A digest of what makes a row this row: its date, type, symbol, amounts
    (as numbers, so ``10.50`` and ``10.5`` agree), currency and account. The
    name and note do not count: a re-export may spell them differently."""
    parts = []
    for name in _KEY_FIELDS:
        text = (record.get(name) or "").strip()
        if name in _NUMERIC:
            text = _canonical_number(text)
        elif name in ("type", "symbol", "currency"):
            text = text.upper()
        parts.append(text)
    return digest_of(parts)


def digest_of(parts: Sequence[str]) -> str:
    """``row_digest`` of the key fields already in canonical text (date ISO;
    type, symbol and currency upper case; numbers normalised, zero "0";
    account stripped), in ``_KEY_FIELDS`` order: what the import stage and the
    ledger compute from stored values without building a record."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:DIGEST_CHARS]


DIGEST_CHARS = 24  # hex digits of the digest a row: key keeps


def digest_key(digest: str, occurrence: int) -> str:
    """The source key of the ``occurrence``-th row (from 1) with ``digest``."""
    return f"{DIGEST_PREFIX}:{digest}#{occurrence}"


DIGEST_PREFIX = "row"


def with_source_keys(rows: Iterable[SourceRow], prefix: str = DIGEST_PREFIX) -> list[SourceRow]:
    """Every row with a key: its own, or ``row:`` + the digest of the row and
    its occurrence within the file (``#2`` for the second identical row), so
    two genuine identical fills in one file are two rows, and the same two in
    a later export are recognised as those two. The digest keys of every
    format share one prefix: the same trade read from our CSV and from a
    tracker's export is the same row."""
    seen: Counter[str] = Counter()
    out = []
    for row in rows:
        if row.key:
            out.append(row)
            continue
        digest = row_digest(row.record)
        seen[digest] += 1
        out.append(SourceRow(row.line, row.record, f"{prefix}:{digest}#{seen[digest]}"))
    return out


def file_position(rows: Iterable[SourceRow], symbol: str, day: dt.date) -> Decimal:
    """Shares of ``symbol`` the file's own buys, sells and splits leave at the
    end of ``day`` (from nothing): with the ledger's, what a dividend that
    gives only its total was paid on."""
    quantity = Decimal(0)
    dated = sorted((r.record["date"], r.line, r.record) for r in rows if r.record.get("symbol") == symbol)
    for date_text, _line, r in dated:
        if dt.date.fromisoformat(date_text) > day:
            break
        amount = Decimal(r["quantity"])
        if r["type"] == "buy":
            quantity += amount
        elif r["type"] == "sell":
            quantity -= amount
        elif r["type"] == "split":
            quantity *= amount
    return quantity


def csv_table(out: BrokerFile, data: bytes, *, encoding: str | None = None, delimiter: str | None = None,
              skip_rows: int = 0) -> list[tuple[int, list[str]]] | None:
    """A broker's CSV as (line, cells) rows, header first: decoded (the
    encoding found when not given), ``skip_rows`` lines dropped, the
    delimiter found. None, with the problem added to ``out``, when it cannot
    be read or has no row."""
    try:
        content, _encoding = textio.decode(data, encoding)
    except textio.TextError as exc:
        out.errors.append(RowError(0, "", str(exc), "encoding"))
        return None
    if skip_rows:
        content = "".join(content.splitlines(keepends=True)[skip_rows:])
    table = textio.rows(content, textio.delimiter(content, delimiter))
    if not table:
        out.errors.append(RowError(0, "", "has no header row", "empty"))
        return None
    return [(line + skip_rows, cells) for line, cells in table] if skip_rows else table
