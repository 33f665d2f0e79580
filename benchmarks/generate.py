"""Synthetic ledgers for the benchmarks: one set of trades, written three ways.

    python benchmarks/generate.py N OUT.csv [--seed S] [--instruments 200]
        [--prices PRICES.csv] [--marks MARKS.csv] [--beancount OUT.beancount]

* OUT.csv: N transactions in the import format of ``paperwealth-cli
  import-transactions`` (buys and sells that never oversell, a few dividends),
  dated over the last ~5 years and never in the future.
* PRICES.csv (default OUT.prices.csv): one recent close per listed instrument,
  in the format of ``import-prices``.
* MARKS.csv (default OUT.marks.csv): one recent manual mark per private
  instrument (``date,symbol,price,currency,source``), for ``add-mark``.
* OUT.beancount (only with --beancount): the same trades as a Beancount ledger,
  FIFO booking, buys at their total cost ``{{q*price+fees CCY}}``, sells as
  ``-q SYM {} @ price CCY`` with cash, fees and an interpolated Income:Gains
  leg, the closes and marks as ``price`` directives, plus the FX rates that
  ``run.py`` stores with ``set-fx`` (FX_RATES below).

Everything is derived from the seed, except the dates, which end today.
Uses only the standard library, so it runs on any Python 3.11.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# 1 unit of the currency in HKD, the report's default base currency.
FX_RATES = {"USD": Decimal("7.78"), "CNY": Decimal("1.09")}

US_TICKERS = (
    "AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "META", "TSLA", "AMD", "INTC", "NFLX", "ORCL", "CRM",
    "ADBE", "QCOM", "AVGO", "CSCO", "IBM", "TXN", "MU", "PYPL", "SHOP", "UBER", "ABNB", "SNOW",
)
HK_LOTS = (100, 200, 400, 500, 1000, 2000)
YEARS = 5


@dataclass
class Instrument:
    symbol: str  # as Paper Wealth spells it (already normalised)
    commodity: str  # the Beancount commodity name
    name: str
    asset_class: str  # listed | private
    currency: str
    account: str
    lot: int  # quantities are multiples of this
    price: float  # current price, a random walk
    decimals: int
    held: int = 0
    # Held when the current day began: a dividend is booked before the day's
    # buys and sales (entitlement is fixed before them), so that is what it
    # may be paid on.
    day: dt.date | None = None
    entitled: int = 0


def commodity_of(symbol: str) -> str:
    """The Beancount commodity for a Paper Wealth symbol: 0001.HK -> HK0001,
    600519.SS -> SS600519, AAPL and PRIV001 unchanged (uppercase, starting
    with a letter, as Beancount requires)."""
    if "." in symbol:
        code, suffix = symbol.rsplit(".", 1)
        return suffix + code
    return symbol


def make_instruments(count: int, rng: random.Random) -> list[Instrument]:
    n_private = max(1, count * 6 // 100)
    n_us = min(len(US_TICKERS), max(1, count * 6 // 100))
    n_cn = max(1, count * 3 // 100)
    n_hk = count - n_private - n_us - n_cn
    if n_hk < 1:
        raise SystemExit("--instruments must be at least 4")
    out: list[Instrument] = []
    for i in range(1, n_hk + 1):
        price = math.exp(rng.uniform(math.log(0.5), math.log(500)))
        out.append(
            Instrument(
                f"{i:04d}.HK", commodity_of(f"{i:04d}.HK"), f"HK Company {i:04d}", "listed", "HKD", "Broker HK",
                rng.choice(HK_LOTS), price, 3 if price < 10 else 2,
            )
        )
    for ticker in US_TICKERS[:n_us]:
        out.append(Instrument(ticker, ticker, f"{ticker} Inc.", "listed", "USD", "Broker US", 1,
                              rng.uniform(20, 800), 2))
    for i in range(n_cn):
        code = 600000 + 3 * i
        out.append(Instrument(f"{code}.SS", commodity_of(f"{code}.SS"), f"SH Company {code}", "listed", "CNY",
                              "Broker CN", 100, rng.uniform(3, 200), 2))
    currencies = ("HKD", "USD", "CNY")
    for i in range(1, n_private + 1):
        out.append(Instrument(f"PRIV{i:03d}", f"PRIV{i:03d}", f"Private Co {i:03d}", "private",
                              currencies[(i - 1) % 3], "SPV", 100, rng.uniform(1, 50), 2))
    return out


def dec(value: float, decimals: int) -> Decimal:
    return Decimal(f"{max(value, 10.0 ** -decimals):.{decimals}f}")


def text(value: Decimal) -> str:
    return format(value, "f")


def generate(n: int, seed: int, instrument_count: int, today: dt.date):
    """Returns (instruments, transactions); a transaction is a dict of Decimals and strings."""
    rng = random.Random(seed)
    instruments = make_instruments(instrument_count, rng)
    weights = [1.0 / math.sqrt(rank + 5) for rank in range(len(instruments))]
    rng.shuffle(weights)
    picks = rng.choices(instruments, weights=weights, k=n)
    first = today - dt.timedelta(days=365 * YEARS)
    span = (today - first).days  # the last possible date is today itself
    days = sorted(rng.randrange(span + 1) for _ in range(n))
    txs = []
    for day, ins in zip(days, picks, strict=True):
        date = first + dt.timedelta(days=day)
        ins.price = min(max(ins.price * math.exp(rng.gauss(0.0003, 0.02)), 0.05), 5000.0)
        price = dec(ins.price, ins.decimals)
        if ins.day != date:
            ins.day, ins.entitled = date, ins.held
        r = rng.random()
        if ins.entitled and r < 0.02:
            dps = dec(ins.price * rng.uniform(0.005, 0.03), 4)
            gross = ins.entitled * dps
            withholding = (gross * Decimal("0.30")).quantize(Decimal("0.01")) if ins.currency == "USD" else Decimal(0)
            txs.append(dict(date=date, type="dividend", ins=ins, quantity=ins.entitled, price=dps, fees=withholding))
            continue
        if ins.held and r < 0.45:
            if rng.random() < 0.2:
                quantity = ins.held
            else:
                quantity = ins.lot * rng.randint(1, ins.held // ins.lot)
            ins.held -= quantity
            kind = "sell"
        else:
            if ins.asset_class == "private":
                quantity = ins.lot * rng.randint(1, 50)
            elif ins.currency == "USD":
                quantity = rng.randint(1, 100)
            else:
                quantity = ins.lot * rng.randint(1, 10)
            ins.held += quantity
            kind = "buy"
        gross = quantity * price
        minimum = Decimal("1.00") if ins.currency == "USD" else Decimal("5.00")
        fees = max((gross * Decimal("0.0012")).quantize(Decimal("0.01")), minimum)
        txs.append(dict(date=date, type=kind, ins=ins, quantity=quantity, price=price, fees=fees))
    return instruments, txs


def write_transactions(path: Path, txs: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("date", "type", "symbol", "name", "asset_class", "quantity", "price", "currency", "fees",
                    "account", "note"))
        for t in txs:
            ins = t["ins"]
            w.writerow((t["date"].isoformat(), t["type"], ins.symbol, ins.name, ins.asset_class, t["quantity"],
                        text(t["price"]), ins.currency, text(t["fees"]), ins.account, ""))


def write_prices(path: Path, instruments: list[Instrument], today: dt.date) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("date", "symbol", "close", "currency"))
        for ins in instruments:
            if ins.asset_class == "listed":
                w.writerow((today.isoformat(), ins.symbol, text(dec(ins.price, ins.decimals)), ins.currency))


def write_marks(path: Path, instruments: list[Instrument], today: dt.date) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("date", "symbol", "price", "currency", "source"))
        for ins in instruments:
            if ins.asset_class == "private":
                w.writerow((today.isoformat(), ins.symbol, text(dec(ins.price, ins.decimals)), ins.currency,
                            "estimate"))


def write_beancount(path: Path, instruments: list[Instrument], txs: list[dict], today: dt.date) -> None:
    opened = (today - dt.timedelta(days=365 * YEARS + 1)).isoformat()
    currencies = sorted({i.currency for i in instruments})
    lines = [
        'option "title" "Paper Wealth benchmark ledger"',
        'option "operating_currency" "HKD"',
        'option "booking_method" "FIFO"',
        "",
    ]
    for ccy in currencies:
        lines.append(f"{opened} open Assets:Cash:{ccy} {ccy}")
    for account in ("Expenses:Fees", "Expenses:Tax", "Income:Gains", "Income:Dividends"):
        lines.append(f"{opened} open {account}")
    for ins in instruments:
        lines.append(f"{opened} commodity {ins.commodity}")
        lines.append(f'  name: "{ins.symbol}"')
        lines.append(f"{opened} open Assets:Broker:{ins.commodity} {ins.commodity}")
    lines.append("")
    for t in txs:
        ins, q, price, fees = t["ins"], t["quantity"], t["price"], t["fees"]
        c, ccy, d = ins.commodity, ins.currency, t["date"].isoformat()
        kind = t["type"]
        if kind == "buy":
            total = q * price + fees
            lines += [
                f'{d} * "Buy {ins.symbol}"',
                f"  Assets:Broker:{c}  {q} {c} {{{{{text(total)} {ccy}}}}}",
                f"  Assets:Cash:{ccy}  {text(-total)} {ccy}",
                "",
            ]
        elif kind == "sell":
            lines += [
                f'{d} * "Sell {ins.symbol}"',
                f"  Assets:Broker:{c}  -{q} {c} {{}} @ {text(price)} {ccy}",
                f"  Assets:Cash:{ccy}  {text(q * price - fees)} {ccy}",
                f"  Expenses:Fees  {text(fees)} {ccy}",
                "  Income:Gains",
                "",
            ]
        else:
            lines += [f'{d} * "Dividend {ins.symbol}"', f"  Assets:Cash:{ccy}  {text(q * price - fees)} {ccy}"]
            if fees:
                lines.append(f"  Expenses:Tax  {text(fees)} {ccy}")
            lines += ["  Income:Dividends", ""]
    for ins in instruments:
        lines.append(f"{today.isoformat()} price {ins.commodity} {text(dec(ins.price, ins.decimals))} {ins.currency}")
    for ccy, rate in FX_RATES.items():
        lines.append(f"{today.isoformat()} price {ccy} {text(rate)} HKD")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, metavar="N", help="number of transactions")
    p.add_argument("out", type=Path, metavar="OUT.csv")
    p.add_argument("--seed", type=int, default=20261129)
    p.add_argument("--instruments", type=int, default=200)
    p.add_argument("--prices", type=Path, default=None, metavar="PRICES.csv")
    p.add_argument("--marks", type=Path, default=None, metavar="MARKS.csv")
    p.add_argument("--beancount", type=Path, default=None, metavar="OUT.beancount")
    args = p.parse_args(argv)
    today = dt.date.today()
    instruments, txs = generate(args.n, args.seed, args.instruments, today)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    write_transactions(out, txs)
    prices = args.prices or out.with_suffix(".prices.csv")
    marks = args.marks or out.with_suffix(".marks.csv")
    write_prices(prices, instruments, today)
    write_marks(marks, instruments, today)
    written = [out, prices, marks]
    if args.beancount:
        write_beancount(args.beancount, instruments, txs, today)
        written.append(args.beancount)
    kinds = {k: sum(1 for t in txs if t["type"] == k) for k in ("buy", "sell", "dividend")}
    print(f"{len(txs)} transactions over {len(instruments)} instruments ({kinds}); wrote "
          + ", ".join(str(w) for w in written), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
