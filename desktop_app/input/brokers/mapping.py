"""Any other CSV, through a mapping the user writes once (or saves from the window).

A mapping is JSON::

    {"encoding": "gb18030", "delimiter": ",", "skip_rows": 0,
     "date_format": "%Y/%m/%d %H:%M:%S", "decimal": ".", "thousands": ",",
     "columns": {"date": "成交时间", "type": "方向", "symbol": "代码", "name": "名称",
                 "quantity": "成交数量", "price": "成交价格", "currency": "币种",
                 "fees": ["佣金", "平台使用费", "印花税"], "id": "成交编号"},
     "types": {"买入": "buy", "卖出": "sell"},
     "market": "HK", "asset_class": "listed"}

Only ``columns`` and ``types`` are required. ``fees`` names one column or a
list whose values are summed. ``market: "HK"`` reads bare codes (``700``,
``00700``, ``HK.00700``) as ``0700.HK``. A type value missing from ``types``
is a problem naming the value (one mapped to ``"skip"`` skips its rows,
counted); a column the mapping names but the file lacks is one problem
naming it. ``currency`` may name a column or, in
``currencies``, map the file's words for currencies (``港币``) to codes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.core.numbers import plain
from desktop_app.input.brokers import text as textio
from desktop_app.input.brokers.common import BrokerFile, FieldProblem, Skipped, SourceRow, csv_table
from desktop_app.input.csv_formats import RowError

FORMAT = "mapping"
FIELDS = ("date", "type", "symbol", "name", "quantity", "price", "currency", "fees", "account", "note", "id")
REQUIRED_FIELDS = ("date", "type", "symbol", "quantity", "price")
OUR_TYPES = ("buy", "sell", "dividend", "split")
SKIP = "skip"  # a type word mapped to it: the row is skipped and counted, not a problem
MARKETS = {"HK": ".HK", "SS": ".SS", "SH": ".SS", "SZ": ".SZ"}
# The currency words Chinese brokers print, read without a mapping of their own.
CURRENCY_WORDS = {"港币": "HKD", "港幣": "HKD", "港元": "HKD", "美元": "USD", "人民币": "CNY", "人民幣": "CNY"}
_BARE_HK = re.compile(r"(?:HK[.:]?)?0*([0-9]{1,5})(?:\.HK)?", re.IGNORECASE)


class MappingError(ValueError):
    """The mapping itself is unusable; the message names the key."""


@dataclass(frozen=True, slots=True)
class Mapping:
    columns: dict[str, str | list[str]]
    types: dict[str, str]
    encoding: str | None = None
    delimiter: str | None = None
    skip_rows: int = 0
    date_format: str | None = None
    decimal: str = "."
    thousands: str | None = None
    market: str | None = None
    asset_class: str = "listed"
    currency: str | None = None  # one currency for every row, when the file has no column for it
    currencies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise MappingError(f"the mapping is not JSON ({exc})") from None
        if not isinstance(raw, dict):
            raise MappingError("the mapping must be a JSON object")
        unknown = set(raw) - {f for f in cls.__dataclass_fields__}  # noqa: C416 - names, not items
        if unknown:
            raise MappingError(f"unknown mapping key(s): {', '.join(sorted(unknown))}")
        for key in ("columns", "types"):
            if not isinstance(raw.get(key), dict) or not raw[key]:
                raise MappingError(f"'{key}' is required: an object")
        _check_values(raw)
        missing = [f for f in REQUIRED_FIELDS if f not in raw["columns"]]
        if missing:
            raise MappingError(f"'columns' must name a column for: {', '.join(missing)}")
        if "currency" not in raw["columns"] and not raw.get("currency"):
            raise MappingError("name a 'currency' column in 'columns', or one 'currency' for every row")
        bad_fields = set(raw["columns"]) - set(FIELDS)
        if bad_fields:
            raise MappingError(f"'columns' has unknown field(s): {', '.join(sorted(bad_fields))} "
                               f"(known: {', '.join(FIELDS)})")
        bad_types = {v for v in raw["types"].values() if v not in (*OUR_TYPES, SKIP)}
        if bad_types:
            raise MappingError(f"'types' maps to {', '.join(sorted(map(str, bad_types)))}: "
                               f"use {', '.join((*OUR_TYPES, SKIP))}")
        if raw.get("market") and str(raw["market"]).upper() not in MARKETS:
            raise MappingError(f"'market' must be one of {', '.join(MARKETS)}")
        if raw.get("asset_class", "listed") not in ("listed", "private"):
            raise MappingError("'asset_class' must be listed or private")
        skip = raw.get("skip_rows", 0)
        if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
            raise MappingError("'skip_rows' must be a whole number, 0 or more")
        return cls(**raw)

    def columns_named(self) -> list[str]:
        out: list[str] = []
        for value in self.columns.values():
            out.extend(value if isinstance(value, list) else [value])
        return out


def _check_values(raw: dict) -> None:
    """Each option of the type it must have, so a mapping written by hand with
    a wrong one is refused naming its key, never a crash while reading the file."""
    for key in ("encoding", "delimiter", "date_format", "decimal", "thousands", "market", "asset_class", "currency"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise MappingError(f"'{key}' must be text")
    for name, value in raw["columns"].items():
        if not (isinstance(value, str) or (isinstance(value, list) and value and name == "fees"
                                           and all(isinstance(v, str) for v in value))):
            raise MappingError(f"'columns' must give '{name}' a column's name (fees: one or a list of names)")
    for key in ("types", "currencies"):
        if not isinstance(raw.get(key, {}), dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in raw.get(key, {}).items()):
            raise MappingError(f"'{key}' must map words of the file to text")
    delimiter = raw.get("delimiter")
    if delimiter and len(delimiter) != 1 and delimiter not in ("\\t", "tab"):
        raise MappingError("'delimiter' must be one character (or tab)")
    for key in ("decimal", "thousands"):
        if raw.get(key) and len(raw[key]) != 1:
            raise MappingError(f"'{key}' must be one character")
    if raw.get("decimal") and raw.get("decimal") == raw.get("thousands"):
        raise MappingError("'decimal' and 'thousands' must differ")
    if raw.get("encoding"):
        import codecs

        try:
            text_encoding = codecs.lookup(raw["encoding"])._is_text_encoding
        except LookupError:
            raise MappingError(f"'encoding' {raw['encoding']!r} is not one Python knows (e.g. utf-8, gb18030, "
                               "big5)") from None
        if not text_encoding:
            raise MappingError(f"'encoding' {raw['encoding']!r} is not a text encoding (e.g. utf-8, gb18030, big5)")


def symbol_for(raw: str, market: str | None) -> str:
    """A code as the market's Yahoo symbol: ``00700`` in HK is ``0700.HK``."""
    code = raw.strip()
    if not market:
        return code
    suffix = MARKETS[market.upper()]
    if suffix == ".HK":
        found = _BARE_HK.fullmatch(code)
        return f"{int(found.group(1)):04d}.HK" if found and int(found.group(1)) else code
    digits = re.sub(r"^(SH|SZ|SS)[.:]?", "", code, flags=re.IGNORECASE)
    return f"{digits.zfill(6)}{suffix}" if digits.isdigit() else code


def read_csv(data: bytes, mapping: Mapping) -> BrokerFile:
    out = BrokerFile(FORMAT)
    table = csv_table(out, data, encoding=mapping.encoding, delimiter=mapping.delimiter, skip_rows=mapping.skip_rows)
    if table is None:
        return out
    header = [h.strip() for h in table[0][1]]
    missing = [c for c in mapping.columns_named() if c not in header]
    if missing:
        shown = ", ".join(header[:12])
        out.errors.append(RowError(0, missing[0], f"the mapping names column '{missing[0]}', which the file "
                                                  f"does not have (its header: {shown})", "missing_column"))
        return out
    type_column = mapping.columns.get("type")
    for line, cells in table[1:]:
        fields = dict(zip(header, (c.strip() for c in cells), strict=False))
        word = fields.get(type_column, "") if isinstance(type_column, str) else ""
        if mapping.types.get(word) == SKIP:
            out.skipped.append(Skipped(line, "by_mapping", word))
            continue
        try:
            out.rows.append(_row(line, fields, mapping))
        except FieldProblem as bad:
            out.errors.append(RowError(line, bad.column, bad.message, "mapping"))
    return out


def _column(mapping: Mapping, name: str) -> str:
    value = mapping.columns.get(name, "")
    return value if isinstance(value, str) else ", ".join(value)


def _row(line: int, fields: dict[str, str], mapping: Mapping) -> SourceRow:
    def get(name: str) -> str:
        column = mapping.columns.get(name)
        return fields.get(column, "") if isinstance(column, str) else ""

    def number(name: str, text: str | None = None) -> Decimal:
        try:
            return textio.number(get(name) if text is None else text, decimal=mapping.decimal,
                                 thousands=mapping.thousands)
        except textio.TextError as exc:
            raise FieldProblem(_column(mapping, name), str(exc)) from None

    word = get("type")
    kind = mapping.types.get(word)
    if kind is None:
        raise FieldProblem(_column(mapping, "type"), f"'{word[:40]}' is not in the mapping's types "
                                             f"({', '.join(mapping.types)})")
    try:
        day = textio.date(get("date"), (mapping.date_format,) if mapping.date_format else ())
    except textio.TextError as exc:
        raise FieldProblem(_column(mapping, "date"), str(exc)) from None
    fees = Decimal(0)
    fee_columns = mapping.columns.get("fees") or []
    for column in [fee_columns] if isinstance(fee_columns, str) else fee_columns:
        text = fields.get(column, "")
        if text.strip():
            try:
                fees += abs(textio.number(text, decimal=mapping.decimal, thousands=mapping.thousands))
            except textio.TextError as exc:
                raise FieldProblem(column, str(exc)) from None
    currency_text = get("currency") or mapping.currency or ""
    currency = mapping.currencies.get(currency_text) or CURRENCY_WORDS.get(currency_text) or currency_text.upper()
    record = {
        "date": day.isoformat(), "type": kind, "symbol": symbol_for(get("symbol"), mapping.market),
        "name": get("name"), "asset_class": mapping.asset_class,
        "quantity": plain(abs(number("quantity"))),
        "price": "" if kind == "split" and not get("price") else plain(number("price")),
        "currency": currency, "fees": plain(fees), "account": get("account"), "note": get("note"),
    }
    ident = get("id")
    # The id of one broker's file, scoped by the trade's day and symbol: another broker's trade (or a row
    # number mapped as the id, a 序号) that happens to share it is not taken for a row already in the ledger.
    key = f"mapping:{record['date']}:{record['symbol']}:{ident}" if ident else None
    return SourceRow(line, record, key)
