"""Write an IBKR Activity Flex Query (XML) of N stock trades, for the import benchmark.

    python benchmarks/generate_ibkr.py 100000 benchmarks/out/ibkr_100000.xml [--seed 1]

Shaped like a real export: one FlexStatement, ``<Trade>`` elements with the
attributes IBKR writes (most of them, in its order), over 200 instruments:
140 SEHK codes in HKD (commission in USD for a third of them, so it is
converted; stamp duty and levies in ``taxes``), 40 US tickers in USD and 20
Shanghai/Shenzhen Connect codes in CNH. Every fourth trade is a sale of at
most what is held; a few cash dividends with withholding follow. Dates run
over the 5 years before today, never in the future.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path


def instruments(rng: random.Random) -> list[tuple[str, str, str, Decimal]]:
    out = []
    for i in range(140):
        out.append((str(1 + i * 7), "SEHK", "HKD", Decimal(rng.randint(200, 60000)) / 100))
    for i in range(40):
        out.append((f"US{i:02d}".replace("US", "T"), "NASDAQ", "USD", Decimal(rng.randint(500, 50000)) / 100))
    for i in range(20):
        code, venue = (f"{600000 + i * 3}", "SEHKNTL") if i < 10 else (f"{i:06d}", "SEHKSZSE")
        out.append((code, venue, "CNH", Decimal(rng.randint(500, 200000)) / 100))
    return out


def trade(n: int, symbol: str, venue: str, currency: str, day: dt.date, quantity: int, price: Decimal,
          rng: random.Random) -> str:
    side = "BUY" if quantity > 0 else "SELL"
    money = abs(quantity) * price
    taxes = (money * Decimal("0.0013")).quantize(Decimal("0.01")) if venue == "SEHK" else Decimal(0)
    usd_commission = venue == "SEHK" and n % 3 == 0
    commission = Decimal("-1.5") if usd_commission else -max(Decimal(1), (money * Decimal("0.0003")).quantize(
        Decimal("0.01")))
    return (f'<Trade accountId="U7654321" acctAlias="" model="" currency="{currency}" fxRateToBase="'
            f'{"0.1285" if currency == "HKD" else "1" if currency == "USD" else "0.1391"}" assetCategory="STK" '
            f'symbol="{symbol}" description="INSTRUMENT {symbol}" conid="{100000 + n}" listingExchange="{venue}" '
            f'tradeID="{700000000 + n}" reportDate="{day:%Y%m%d}" tradeDate="{day:%Y%m%d}" '
            f'dateTime="{day:%Y%m%d};{rng.randint(93000, 155959):06d}" transactionType="ExchTrade" '
            f'exchange="{venue}" quantity="{quantity}" tradePrice="{price}" tradeMoney="{money}" '
            f'proceeds="{-quantity * price}" taxes="{-taxes}" ibCommission="{commission}" '
            f'ibCommissionCurrency="{"USD" if usd_commission else currency}" buySell="{side}" '
            f'transactionID="{3000000000 + n}" ibOrderID="{500000000 + n}" />\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    items = instruments(rng)
    today = dt.date.today()
    start = today - dt.timedelta(days=5 * 365)
    days = sorted(start + dt.timedelta(days=rng.randrange(5 * 365)) for _ in range(args.n))
    held = [0] * len(items)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<FlexQueryResponse queryName="history" type="AF">\n'
             '<FlexStatements count="1">\n<FlexStatement accountId="U7654321" '
             f'fromDate="{start:%Y%m%d}" toDate="{today:%Y%m%d}" period="Custom">\n<Trades>\n']
    for n, day in enumerate(days):
        k = rng.randrange(len(items))
        symbol, venue, currency, price = items[k]
        price = (price * Decimal(rng.randint(90, 110)) / 100).quantize(Decimal("0.01"))
        if n % 4 == 3 and held[k] >= 100:
            quantity = -rng.randint(1, held[k] // 100) * 100
        else:
            quantity = rng.randint(1, 20) * 100
        held[k] += quantity
        parts.append(trade(n, symbol, venue, currency, day, quantity, price, rng))
    parts.append("</Trades>\n</FlexStatement>\n</FlexStatements>\n</FlexQueryResponse>\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
