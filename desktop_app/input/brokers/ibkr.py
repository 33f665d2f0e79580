"""Interactive Brokers Flex Query exports, XML and CSV, as our transactions.

An Activity Flex Query lists executions as ``<Trade>`` elements (or rows of
its "Trades" CSV) and cash movements as ``<CashTransaction>``. We keep what
Paper Wealth holds: stocks and ETFs (``assetCategory`` STK) as buys and
sells, dividends with their withholding tax as fees. Everything else is
counted as skipped by kind.

- Quantity is the absolute ``quantity``, price ``tradePrice``, fees
  ``-ibCommission`` (converted into the trade's currency when IBKR charged it
  in another) plus ``-taxes``, where HK stamp duty and levies arrive.
- Symbols become Yahoo's by ``listingExchange`` (SEHK ``700`` -> ``0700.HK``;
  Shanghai and Shenzhen, also through Stock Connect, -> ``.SS`` / ``.SZ``; US
  exchanges unchanged, ``BRK B`` -> ``BRK-B``); any other exchange keeps
  IBKR's symbol, and the file's notes say so.
- A cancellation (``TradeCancel``, or ``(Ca.)`` after BUY/SELL) removes the
  trade it cancels; one whose trade is not in the file is passed on by key.
- A dividend's shares come from its description's ``USD 0.24 PER SHARE``, or
  else from the position held that day (the file's trades plus the ledger's,
  through ``held``). ``Withholding Tax`` on the same day and symbol becomes its fees.

The XML is read with expat, which gives each element's line for messages; a
document type declaration is refused (no entity expansion from a file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from xml.parsers import expat

from desktop_app.core.numbers import ZERO, plain
from desktop_app.input.brokers.common import BrokerFile, FieldProblem, Skipped, SourceRow, file_position
from desktop_app.input.brokers.text import out_of_range
from desktop_app.input.csv_formats import RowError

FORMAT = "ibkr"
# (date, from currency, to currency) -> the rate, or None when none is stored.
RateLookup = Callable[[dt.date, str, str], Decimal | None]
# (symbol, date) -> the quantity the ledger holds at the end of that day.
HeldLookup = Callable[[str, dt.date], Decimal]

_US = frozenset({"NASDAQ", "NYSE", "ARCA", "AMEX", "BATS", "NYSEARCA", "NYSEAMERICAN", "ISLAND",
                 "IEX", "BEX", "CBOE", "PINK", "OTC", "NMS", "ARCAEDGE", "BYX", "EDGX", "PSX"})
_SHANGHAI = frozenset({"SSE", "SEHKNTL", "SHANGHAI"})
_SHENZHEN = frozenset({"SZSE", "SEHKSZSE", "SHENZHEN"})
_SKIP_CATEGORY = {"OPT": "option", "FOP": "future", "FUT": "future", "CASH": "forex"}
_DIVIDEND_TYPES = frozenset({"dividends", "payment in lieu of dividends"})
_CASH_KINDS = {
    "deposits/withdrawals": "cash", "deposits & withdrawals": "cash",
    "broker interest paid": "interest", "broker interest received": "interest",
    "bond interest paid": "interest", "bond interest received": "interest",
    "other fees": "fee", "commission adjustments": "fee", "advisor fees": "fee",
}
_PER_SHARE = re.compile(r"\b([A-Z]{3})\s+([0-9]+(?:\.[0-9]+)?)\s+PER\s+SHARE", re.IGNORECASE)
_CENT = Decimal("0.01")
_SHARE_PLACES = Decimal("0.000001")

# The Flex CSV's column names -> the XML attribute they carry.
_CSV_NAMES = {
    "currencyprimary": "currency", "assetclass": "assetCategory", "buy/sell": "buySell",
    "ibcommission": "ibCommission", "ibcommissioncurrency": "ibCommissionCurrency",
    "fxratetobase": "fxRateToBase", "transactionid": "transactionID", "tradeid": "tradeID",
    "tradedate": "tradeDate", "datetime": "dateTime", "quantity": "quantity",
    "tradeprice": "tradePrice", "taxes": "taxes", "listingexchange": "listingExchange",
    "description": "description", "transactiontype": "transactionType", "symbol": "symbol",
    "clientaccountid": "accountId", "accountid": "accountId", "origtradeid": "origTradeID",
    "origtransactionid": "origTransactionID", "type": "type", "amount": "amount",
    "settledate": "settleDate", "reportdate": "reportDate", "currency": "currency",
}
_TRADE_COLUMNS = frozenset({"symbol", "tradePrice", "quantity", "buySell"})
_CASH_COLUMNS = frozenset({"symbol", "amount", "type"})


@dataclass(frozen=True, slots=True)
class Element:
    """A ``<Trade>`` or ``<CashTransaction>`` (or a CSV row of one) and its line."""

    tag: str
    line: int
    attrs: dict[str, str]

    def get(self, name: str) -> str:
        value = self.attrs.get(name)
        return value.strip() if value else ""


# --- recognising and reading the two shapes -------------------------------------------

def looks_like_xml(head: bytes) -> bool:
    """Whether the file's first bytes open a ``<FlexQueryResponse>`` (or a bare ``<FlexStatements>``)."""
    text = head[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    return bool(re.match(r"(<\?xml[^>]*>\s*)?<(FlexQueryResponse|FlexStatements)\b", text))


def looks_like_csv(header: list[str]) -> bool:
    """Whether a CSV header is a Flex Trades (or cash transactions) section."""
    names = {_CSV_NAMES.get(h.strip().lower()) for h in header}
    return _TRADE_COLUMNS <= names or (_CASH_COLUMNS <= names and "CurrencyPrimary".lower() in
                                       {h.strip().lower() for h in header})


def xml_elements(data: bytes) -> list[Element]:
    """The file's Trade and CashTransaction elements, each with its line."""
    found: list[Element] = []
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag in ("Trade", "CashTransaction"):
            found.append(Element(tag, parser.CurrentLineNumber, dict(attrs)))

    def doctype(*_args) -> None:
        raise FieldProblem("", "has a document type declaration, which a Flex Query never has")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise FieldProblem("", f"is not well-formed XML at line {exc.lineno}, column {exc.offset + 1} "
                               f"({expat.errors.messages[exc.code]})") from None
    return found


def csv_elements(text: str) -> list[Element]:
    """The rows of a Flex CSV as elements. A Flex CSV of several sections
    repeats a header line before each; every header line starts a new section."""
    found: list[Element] = []
    header: list[str] | None = None
    for line_no, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not cells or not any(c.strip() for c in cells):
            continue
        if looks_like_csv(cells):
            header = [_CSV_NAMES.get(c.strip().lower(), c.strip()) for c in cells]
            continue
        if header is None:
            continue
        attrs = dict(zip(header, cells, strict=False))
        tag = "Trade" if _TRADE_COLUMNS <= set(header) else "CashTransaction"
        found.append(Element(tag, line_no, attrs))
    return found


def read_xml(data: bytes, *, rates: RateLookup | None = None, held: HeldLookup | None = None) -> BrokerFile:
    try:
        elements = xml_elements(data)
    except FieldProblem as exc:
        out = BrokerFile(FORMAT)
        out.errors.append(RowError(0, "", exc.message, "ibkr_xml"))
        return out
    return convert(elements, rates=rates, held=held)


def read_csv(text: str, *, rates: RateLookup | None = None, held: HeldLookup | None = None) -> BrokerFile:
    text = text.removeprefix("\ufeff")
    elements = csv_elements(text)
    if not elements and not any(looks_like_csv(cells) for cells in csv.reader(io.StringIO(text))):
        # Read as IBKR (--format ibkr) but neither a Flex XML nor a Flex CSV: not "0 imported".
        out = BrokerFile(FORMAT)
        out.errors.append(RowError(0, "", "is not an IBKR Flex Query: no <FlexQueryResponse> root and no Flex "
                                          "Trades header (\"Symbol\",\"TradePrice\",\"Quantity\",\"Buy/Sell\",...)",
                                   "ibkr_csv"))
        return out
    return convert(elements, rates=rates, held=held)


# --- fields --------------------------------------------------------------------------

_GROUPED = re.compile(r"\s*[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?\s*")  # "1,234.5": commas group thousands


def _number(e: Element, name: str, *, required: bool = True) -> Decimal:
    text = e.get(name)
    if "," in text:
        if not _GROUPED.fullmatch(text):  # "12,5" is not 125
            raise FieldProblem(name, f"'{text[:40]}' is not a number (a ',' may only group thousands: 1,234.5)")
        text = text.replace(",", "")
    if not text:
        if required:
            raise FieldProblem(name, "is required")
        return ZERO
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FieldProblem(name, f"'{text[:40]}' is not a number") from None
    if not value.is_finite():
        raise FieldProblem(name, f"'{text[:40]}' is not a number")
    if out_of_range(value):
        raise FieldProblem(name, f"'{text[:40]}' is out of range")
    return value


_DAY = re.compile(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[;,T ].*)?")


@lru_cache(maxsize=8192)
def _day(text: str) -> dt.date | None:
    """``yyyyMMdd`` or ``yyyy-MM-dd``, a time after it ignored (a Flex file
    repeats a few thousand dates, hence the cache; strptime was most of the time)."""
    found = _DAY.fullmatch(text)
    if found is None:
        return None
    try:
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def _date(e: Element, *names: str) -> dt.date:
    for name in names:
        text = e.get(name)
        if not text:
            continue
        day = _day(text)
        if day is None:
            raise FieldProblem(name, f"'{text[:40]}' is not a date as yyyyMMdd or yyyy-MM-dd "
                             "(set the Flex query's date format to one of them)")
        return day
    raise FieldProblem(names[0], "is required")


@lru_cache(maxsize=4096)
def yahoo_symbol(symbol: str, exchange: str) -> tuple[str, bool]:
    """IBKR's symbol on ``exchange`` as Yahoo spells it, and whether it was mapped."""
    code, venue = symbol.strip(), exchange.strip().upper()
    if venue == "SEHK" and code.isdigit() and int(code):
        return f"{int(code):04d}.HK", True
    if venue in _SHANGHAI and code.isdigit():
        return f"{code.zfill(6)}.SS", True
    if venue in _SHENZHEN and code.isdigit():
        return f"{code.zfill(6)}.SZ", True
    if venue in _US:
        return code.upper().replace(" ", "-"), True
    return code, False


def _side(e: Element) -> tuple[str, bool]:
    """("buy"/"sell", cancelled?) from buySell, or the quantity's sign."""
    raw = e.get("buySell").upper()
    cancelled = "(CA.)" in raw or e.get("transactionType").lower() == "tradecancel"
    word = raw.replace("(CA.)", "").strip()
    if word in ("BUY", "SELL"):
        return word.lower(), cancelled
    if word:
        raise FieldProblem("buySell", f"'{raw[:20]}' is neither BUY nor SELL")
    quantity = _number(e, "quantity")
    return ("buy" if quantity > 0 else "sell"), cancelled


def _currency(e: Element, name: str) -> str:
    """A currency attribute; IBKR's CNH (offshore renminbi, what Stock Connect
    settles in) is the renminbi our prices and rates are in: CNY."""
    code = e.get(name).upper()
    return "CNY" if code == "CNH" else code


def _key(e: Element) -> str | None:
    ident = e.get("transactionID") or e.get("tradeID")
    return f"ibkr:{ident}" if ident else None


TRADE_NOTE = "IBKR trade {}"  # a trade keyed by its TransactionID keeps its TradeID here, for a cancel naming it


def _trade_note(e: Element) -> str:
    """``IBKR trade 7005`` when the trade's key is its TransactionID and it has a
    TradeID too: a later cancel giving only ``origTradeID`` finds it by this note."""
    trade, transaction = e.get("tradeID"), e.get("transactionID")
    return TRADE_NOTE.format(trade) if trade and transaction and trade != transaction else ""


def _fees(e: Element, day: dt.date, currency: str, rates: RateLookup | None) -> Decimal:
    commission = -_number(e, "ibCommission", required=False)
    other = _currency(e, "ibCommissionCurrency")
    if commission and other and other != currency:
        rate = rates(day, other, currency) if rates else None
        if rate is None:
            to_base = _number(e, "fxRateToBase", required=False)
            if not to_base:
                raise FieldProblem("ibCommissionCurrency", f"commission in {other} and no {other}->{currency} rate "
                                                   "stored for that day, nor an fxRateToBase")
            rate = 1 / to_base  # the commission is in the account's base currency
        commission = (commission * rate).quantize(_CENT, ROUND_HALF_EVEN)
    return commission - _number(e, "taxes", required=False)


# --- converting ----------------------------------------------------------------------

class _Conversion:
    def __init__(self, rates: RateLookup | None, held: HeldLookup | None) -> None:
        self.out = BrokerFile(FORMAT)
        self.rates, self.held = rates, held
        self.trades: list[tuple[Element, SourceRow]] = []
        self.cancelling: list[tuple[Element, dict[str, str]]] = []  # applied once every trade is read
        self.unmapped: dict[str, str] = {}

    def fail(self, e: Element, bad: FieldProblem) -> None:
        self.out.errors.append(RowError(e.line, bad.column, bad.message, "ibkr_field"))

    def symbol(self, e: Element) -> str:
        raw = e.get("symbol")
        if not raw:
            raise FieldProblem("symbol", "is required")
        mapped, known = yahoo_symbol(raw, e.get("listingExchange"))
        if not known:
            self.unmapped.setdefault(raw, e.get("listingExchange") or "no exchange")
        return mapped

    def trade(self, e: Element) -> None:
        category = e.get("assetCategory").upper()
        if category and category != "STK":
            self.out.skipped.append(Skipped(e.line, _SKIP_CATEGORY.get(category, "other_asset"), category))
            return
        side, cancelled = _side(e)
        day = _date(e, "tradeDate", "dateTime")
        currency = _currency(e, "currency")
        record = {
            "date": day.isoformat(), "type": side, "symbol": self.symbol(e), "name": e.get("description"),
            "asset_class": "listed", "quantity": plain(abs(_number(e, "quantity"))),
            "price": plain(_number(e, "tradePrice")), "currency": currency,
            "fees": plain(_fees(e, day, currency, self.rates)), "account": e.get("accountId"),
            "note": _trade_note(e),
        }
        if cancelled:
            self.cancelling.append((e, record))  # its trade may come later in the file
        else:
            self.trades.append((e, SourceRow(e.line, record, _key(e))))

    def cancel(self, e: Element, record: dict[str, str]) -> None:
        """Remove the trade ``e`` cancels: by its original id, else the same trade."""
        orig = {("transactionID", e.get("origTransactionID")), ("tradeID", e.get("origTradeID"))}
        orig = {(k, v) for k, v in orig if v}
        same = ("date", "type", "symbol", "quantity", "price")
        for i, (t, row) in enumerate(self.trades):
            by_id = any(t.get(k) == v for k, v in orig)
            if by_id or (not orig and all(_same(row.record[f], record[f]) for f in same)):
                del self.trades[i]
                self.out.skipped.append(Skipped(e.line, "cancelled"))
                return
        if orig:
            ident = e.get("origTransactionID") or e.get("origTradeID")
            self.out.cancels.append(f"ibkr:{ident}")
            if e.get("origTradeID"):  # the stored trade may be keyed by it, or keep it in its note
                self.out.cancel_trade_ids[f"ibkr:{ident}"] = e.get("origTradeID")
            self.out.skipped.append(Skipped(e.line, "cancelled"))
        else:
            self.out.notes.append(f"line {e.line}: a cancellation of {record['symbol']} on {record['date']} "
                                  "matches no trade in the file; nothing removed")

    def rows(self) -> list[SourceRow]:
        return [row for _e, row in self.trades]


def _same(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a.upper() == b.upper()


def convert(elements: list[Element], *, rates: RateLookup | None = None,
            held: HeldLookup | None = None) -> BrokerFile:
    """Trades and cash transactions as rows, skips, problems and notes."""
    work = _Conversion(rates, held)
    cash: list[Element] = []
    ids: set[tuple[str, str]] = set()
    for e in elements:
        ident = _key(e)
        if ident is not None and (e.tag, ident) in ids:  # IBKR's ids are one per execution or payment:
            work.out.skipped.append(Skipped(e.line, "repeated", ident))  # listed again (two exports joined)
            continue
        ids.add((e.tag, ident or ""))
        if e.tag == "CashTransaction":
            cash.append(e)
            continue
        try:
            work.trade(e)
        except FieldProblem as bad:
            work.fail(e, bad)
    for e, record in work.cancelling:
        work.cancel(e, record)
    dividends = _dividends(work, cash)
    out = work.out
    out.skipped.sort(key=lambda s: s.line)  # in the file's order, whatever was decided when
    out.rows = sorted(work.rows() + dividends, key=lambda r: r.line)
    for raw, venue in work.unmapped.items():
        out.notes.append(f"symbol {raw} on {venue} is not mapped to a Yahoo symbol; kept as {raw}")
    return out


def _dividends(work: _Conversion, cash: list[Element]) -> list[SourceRow]:
    """Dividend rows, each with the withholding tax of its day and symbol as fees."""
    paid: list[tuple[Element, str, dt.date]] = []
    withheld: dict[tuple[str, dt.date], Decimal] = defaultdict(lambda: ZERO)
    withheld_lines: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for e in cash:
        kind = e.get("type").lower()
        try:
            if kind in _DIVIDEND_TYPES or kind == "withholding tax":
                symbol, day = work.symbol(e), _date(e, "dateTime", "reportDate", "settleDate")
                if kind == "withholding tax":
                    withheld[(symbol, day)] -= _number(e, "amount")
                    withheld_lines[(symbol, day)].append(e.line)
                else:
                    paid.append((e, symbol, day))
            else:
                kind = _CASH_KINDS.get(kind, "other_cash")
                work.out.skipped.append(Skipped(e.line, kind, e.get("type") if kind == "other_cash" else ""))
        except FieldProblem as bad:
            work.fail(e, bad)
    paid = _without_reversals(work, paid)
    rows = []
    for e, symbol, day in paid:
        try:
            rows.append(_dividend_row(work, e, symbol, day, withheld.pop((symbol, day), ZERO)))
        except FieldProblem as bad:
            work.fail(e, bad)
    for (symbol, day), tax in withheld.items():
        for line in withheld_lines[(symbol, day)]:
            work.out.skipped.append(Skipped(line, "tax", "Withholding Tax"))
        work.out.notes.append(f"line {withheld_lines[(symbol, day)][0]}: Withholding Tax of {plain(tax)} on {symbol} "
                              f"{day.isoformat()} matches no dividend in this file: not applied (if that dividend "
                              "is in the ledger, edit its fees)")
    return rows


def _without_reversals(work: _Conversion, paid):
    """A negative dividend reverses a positive one of the same day, symbol and
    amount: both go. One that reverses nothing is a problem on its line."""
    kept = []
    for item in paid:
        e, symbol, day = item
        amount = _number(e, "amount")
        if amount >= 0:
            kept.append(item)
            continue
        match = next((k for k in kept if k[1] == symbol and k[2] == day and _number(k[0], "amount") == -amount),
                     None)
        if match is None:
            work.fail(e, FieldProblem("amount", "a negative dividend that reverses no dividend of that day in the file"))
            continue
        kept.remove(match)
        work.out.skipped.extend([Skipped(match[0].line, "cancelled"), Skipped(e.line, "cancelled")])
    return kept


def _dividend_row(work: _Conversion, e: Element, symbol: str, day: dt.date, withheld: Decimal) -> SourceRow:
    amount = _number(e, "amount")
    if amount == 0:
        raise FieldProblem("amount", "is 0")
    found = _PER_SHARE.search(e.get("description"))
    if found and Decimal(found.group(2)) > 0:
        per_share = Decimal(found.group(2))
        shares = (amount / per_share).quantize(_SHARE_PLACES).normalize()
    else:
        shares = _position(work, symbol, day)
        if shares <= 0:
            raise FieldProblem("description", "names no amount per share, and no shares of "
                                      f"{symbol} are held on {day.isoformat()} to divide it by")
        per_share = amount / shares
    record = {
        "date": day.isoformat(), "type": "dividend", "symbol": symbol, "name": "", "asset_class": "listed",
        "quantity": plain(shares), "price": plain(per_share.quantize(Decimal("1e-10")).normalize()),
        "currency": _currency(e, "currency"), "fees": plain(withheld), "account": e.get("accountId"),
        "note": "",
    }
    return SourceRow(e.line, record, _key(e))


def _position(work: _Conversion, symbol: str, day: dt.date) -> Decimal:
    """Shares of ``symbol`` entitled to a dividend paid on ``day``: held at the end of the day
    before (the ledger's plus the file's trades), as booking counts it: shares bought that day
    were not entitled, shares sold that day were."""
    before = day - dt.timedelta(days=1)
    held = work.held(symbol, before) if work.held else ZERO
    return held + file_position(work.rows(), symbol, before)
