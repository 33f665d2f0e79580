"""What the import wizard's mapping step reads from a file, without Qt.

The wizard keeps the first bytes of the file (read on the database worker);
here they become the header to choose columns from (``read_head``, which the
mapping step runs off the GUI thread too), the distinct values of the type
column, first guesses for both, and the first rows read live through
``input.brokers.mapping.read_csv`` with the mapping as it stands.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_app.input.brokers import detect, mapping as mapping_io, text as textio
from desktop_app.input.brokers.common import BrokerFile

# What the wizard keeps of a file: its header, type values and first rows. Parsed again (on the
# worker) when the encoding or delimiter changes: 256 KB of GB18030 took 26-32 ms here, 2 MB ~500 ms.
HEAD_BYTES = 256 << 10
LIVE_ROWS = 30  # data rows the mapping step reads live
DISTINCT_LIMIT = 40  # type values offered at most

# Lower-cased header names a field's column is guessed from (brokers' English and Chinese words).
_GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("date", "tradedate", "trade date", "datetime", "日期", "成交日期", "成交时间", "成交時間", "交易日期",
             "交易时间", "时间"),
    "type": ("type", "action", "side", "buy/sell", "方向", "买卖方向", "買賣方向", "买卖", "交易类型", "操作"),
    "symbol": ("symbol", "code", "ticker", "代码", "代碼", "股票代码", "证券代码", "證券代碼"),
    "name": ("name", "description", "名称", "名稱", "股票名称", "证券名称", "證券名稱"),
    "quantity": ("quantity", "qty", "shares", "units", "数量", "數量", "成交数量", "成交數量", "成交股数"),
    "price": ("price", "unitprice", "unit_price", "tradeprice", "价格", "價格", "成交价格", "成交價格", "成交均价"),
    "currency": ("currency", "ccy", "币种", "幣種", "货币", "貨幣"),
    "account": ("account", "账户", "帳戶", "账号"),
    "note": ("note", "notes", "comment", "备注", "備註"),
    "id": ("id", "tradeid", "trade id", "成交编号", "成交編號", "订单号", "訂單號"),
}
_FEE_WORDS = ("fee", "fees", "commission", "佣金", "手续费", "手續費", "印花税", "印花稅", "交易费", "交易費",
              "交易征费", "交易徵費", "平台使用费", "平台使用費", "交收费", "交收費", "结算费", "證監會徵費")
_TYPE_WORDS = {
    "buy": ("buy", "b", "bought", "买入", "買入", "买", "買", "证券买入", "purchase"),
    "sell": ("sell", "s", "sold", "卖出", "賣出", "卖", "賣", "证券卖出"),
    "dividend": ("dividend", "div", "股息", "分红", "派息", "红利"),
    "split": ("split", "拆股", "合股", "拆细"),
}
# strptime forms offered for dates ("" is ISO, a time after it ignored).
DATE_FORMATS = ("", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y%m%d", "%d/%m/%Y", "%m/%d/%Y",
                "%d-%m-%Y", "%d.%m.%Y", "%Y年%m月%d日")
EXAMPLE_DAY = dt.datetime(2026, 1, 31, 9, 30, 0)


@dataclass(frozen=True, slots=True)
class FileLook:
    """A file as the wizard first sees it (read on the database worker)."""

    path: Path
    head: bytes  # at most HEAD_BYTES, ending at a line's end
    size: int
    format: str | None  # detected (one of detect.FORMATS), None when not recognised
    container: str  # "xml", "json" or "csv"
    unrecognised: str = ""  # what the file starts with, when not recognised
    encoding: str = ""  # the head's encoding as detected ("" when it is not text we can read)
    saved: tuple[str, ...] = ()  # names of the saved mappings

    @property
    def whole(self) -> bool:
        return len(self.head) >= self.size


@dataclass(slots=True)
class HeadTable:
    """The head as a table with one encoding, delimiter and rows skipped."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    text: str = ""  # the decoded head
    encoding: str = ""
    error: str = ""
    live: str = ""  # the head's text up to the end of its first LIVE_ROWS data rows (what read_live reads)


def look_at(path: Path, saved: tuple[str, ...]) -> FileLook:
    """Read the head of ``path`` and say what it is (a task for the database worker)."""
    with path.open("rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        head = cut_at_line(f.read(HEAD_BYTES)) if size > HEAD_BYTES else f.read()
    start = head[:64].lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    container = "xml" if start.startswith(b"<") else "json" if start.startswith((b"{", b"[")) else "csv"
    try:
        found, seen = detect.detect(head), ""
    except detect.Unrecognised:
        found, seen = None, ",".join(detect.header_of(head)) if container == "csv" else ""
    try:
        encoding = textio.decode(head)[1] if container == "csv" else "utf-8"
    except textio.TextError:
        encoding = ""
    return FileLook(path, head, size, found, container, seen, encoding, saved)


def cut_at_line(data: bytes) -> bytes:
    """``data`` up to its last line end (a UTF-16 file's by its two bytes)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        end = data.rfind(b"\n\x00")
        return data[: end + 2] if end > 0 and end % 2 == 0 else data[: len(data) // 2 * 2]
    if data.startswith(codecs.BOM_UTF16_BE):
        end = data.rfind(b"\x00\n")
        return data[: end + 2] if end > 0 and end % 2 == 0 else data[: len(data) // 2 * 2]
    end = data.rfind(b"\n")
    return data[: end + 1] if end >= 0 else data


def read_head(head: bytes, encoding: str | None, delimiter: str | None, skip_rows: int = 0) -> HeadTable:
    """The head decoded and split into rows (up to 256 KB: a job for a worker, never the GUI thread)."""
    try:
        content, used = textio.decode(head, encoding or None)
    except textio.TextError as exc:
        return HeadTable(error=str(exc))
    if skip_rows:
        content = "".join(content.splitlines(keepends=True)[skip_rows:])
    rows = textio.rows(content, textio.delimiter(content, delimiter or None))
    if not rows:
        return HeadTable(text=content, encoding=used, error="has no header row")
    table = HeadTable([h.strip() for h in rows[0][1]], rows[1:], content, used)
    table.live = _live_text(table, LIVE_ROWS)
    return table


def _live_text(table: HeadTable, rows: int) -> str:
    lines = table.text.splitlines(keepends=True)
    end = table.rows[rows][0] - 1 if len(table.rows) > rows else len(lines)
    return "".join(lines[:end])


def distinct_values(table: HeadTable, column: str, limit: int = DISTINCT_LIMIT) -> list[str]:
    """The values of ``column`` in the head, in the order they first appear."""
    if column not in table.header:
        return []
    index = table.header.index(column)
    seen: dict[str, None] = {}
    for _line, cells in table.rows:
        if index < len(cells):
            seen.setdefault(cells[index].strip(), None)
            if len(seen) >= limit:
                break
    return list(seen)


def guess_columns(header: list[str]) -> dict[str, str | list[str]]:
    """Our fields -> the file's column most likely meant (fees: every fee-like column)."""
    lowered = {h.strip().lower(): h for h in header if h.strip()}
    out: dict[str, str | list[str]] = {}
    for name, words in _GUESSES.items():
        found = next((lowered[w] for w in words if w in lowered), None)
        if found is not None and found not in out.values():
            out[name] = found
    fees = [h for h in header if h.strip().lower() in _FEE_WORDS]
    if fees:
        out["fees"] = fees
    return out


def guess_type(value: str) -> str | None:
    word = value.strip().lower()
    return next((kind for kind, words in _TYPE_WORDS.items() if word in words), None)


def guess_date_format(values: list[str]) -> str:
    """The first of DATE_FORMATS every one of ``values`` reads in ("" when none does)."""
    values = [v for v in values if v.strip()][:20]
    for fmt in DATE_FORMATS:
        try:
            for v in values:
                textio.date(v, (fmt,) if fmt else ())
        except textio.TextError:
            continue
        return fmt
    return ""


def mapping_json(columns: dict[str, str | list[str]], types: dict[str, str], options: dict[str, object]) -> str:
    """The mapping as its JSON (what ``Mapping.from_json`` checks and the CLI reads)."""
    raw: dict[str, object] = {k: v for k, v in options.items() if v not in (None, "", 0)}
    raw["columns"] = {k: v for k, v in columns.items() if v}
    raw["types"] = dict(types)
    return json.dumps(raw, ensure_ascii=False)


def read_live(table: HeadTable, mapping: mapping_io.Mapping, rows: int = LIVE_ROWS) -> BrokerFile:
    """The first ``rows`` data rows read through the mapping, lines numbered as in the file."""
    if not table.header:
        return BrokerFile(mapping_io.FORMAT)
    # The skipped lines are gone from ``text``: read with none skipped and put the count back on the lines.
    sample = (table.live if rows == LIVE_ROWS and table.live else _live_text(table, rows)).encode("utf-8")
    out = mapping_io.read_csv(sample, replace(mapping, encoding="utf-8", skip_rows=0))
    shift = mapping.skip_rows
    if shift:
        out.rows = [replace(r, line=r.line + shift) for r in out.rows]
        out.errors = [replace(e, line=e.line + shift) if e.line else e for e in out.errors]
        out.skipped = [replace(s, line=s.line + shift) for s in out.skipped]
    return out
