"""A sample portfolio from public facts, so a new user sees something real.

Facts: Zhipu (Knowledge Atlas, 2513.HK) listed on HKEX on 2026-01-08 at
HK$116.20 (board lot 100); MiniMax (0100.HK) listed on 2026-01-09 at HK$165.
Moonshot AI and StepFun are private; StepFun's pre-IPO round closed in tranches,
the second about 50% dearer than the first. Quantities, fees, the secondary
quotes and the later listed prices are illustrative samples, and say so in
their notes: a refresh replaces the listed ones with market quotes.
"""

from __future__ import annotations

import datetime as dt

from desktop_app.services.errors import refuse
from desktop_app.services.portfolio import Portfolio

DEMO_TRANSACTIONS = """\
date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note
2025-03-01,buy,STEPFUN,StepFun (阶跃星辰),private,2000,4.00,USD,0,SPV,pre-IPO round tranche 1 (sample size)
2025-06-15,buy,MOONSHOT,Moonshot AI (月之暗面),private,1000,12.50,USD,250,SPV,old shares bought in a secondary trade (sample)
2025-09-01,buy,STEPFUN,StepFun (阶跃星辰),private,1000,6.00,USD,0,SPV,pre-IPO round tranche 2: ~50% dearer than tranche 1
2026-01-08,buy,02513,Zhipu (Knowledge Atlas 智谱),listed,500,116.20,HKD,585.94,Broker,IPO allotment at the offer price; fees: 1% brokerage + levies
2026-01-09,buy,0100,MiniMax (稀宇科技),listed,200,165.00,HKD,332.81,Broker,IPO allotment at the offer price; fees: 1% brokerage + levies
2026-06-30,sell,2513.HK,Zhipu (Knowledge Atlas 智谱),listed,100,350.00,HKD,352.80,Broker,sample partial sale
"""

SAMPLE_NOTE = "sample price for the demo; refresh to fetch market quotes"

DEMO_MARKS = (
    # symbol, date, price, currency, source, note
    ("2513.HK", "2026-11-27", "480.00", "HKD", "manual", SAMPLE_NOTE),
    ("0100.HK", "2026-11-27", "390.00", "HKD", "manual", SAMPLE_NOTE),
    ("MOONSHOT", "2026-09-30", "24.00", "USD", "secondary", "sample secondary-market quote"),
    ("STEPFUN", "2025-09-01", "6.00", "USD", "round", "pre-IPO round, tranche 2 price"),
)

# An illustrative employee grant (not a public fact): options on StepFun, four
# years monthly after a one-year cliff, so the grants page has something to show.
DEMO_GRANT = dict(symbol="STEPFUN", type="option", granted="2024-04-01", quantity="4800", strike="0.80",
                  currency="USD", vesting_start="2024-04-01", cliff_months="12", vesting_months="48",
                  frequency="monthly", grant_id="STEPFUN-ESOP-2024")

# An illustrative leaver (not a public fact): options on Moonshot, fully vested
# by mid-2026, who left 70 days before the demo is loaded, so that the 90-day
# exercise window closes 20 days after it: the exercise decision (cash with
# tax, scenarios, break-even) is on screen from the first run.
DEMO_LEAVER = dict(symbol="MOONSHOT", type="option", granted="2024-06-01", quantity="1200", strike="3.00",
                   currency="USD", vesting_start="2024-06-01", cliff_months="12", vesting_months="24",
                   frequency="monthly", exercise_window_days="90", grant_id="MOONSHOT-ESOP-2024")
LEAVER_LEFT_DAYS_AGO = 70
# Never before the leaver's last vest: what is exercisable stays the whole grant.
LEAVER_EARLIEST_LEAVING = dt.date(2026, 6, 1)
DEMO_TAX_REGIME = "prc"  # the demo's employee is a PRC tax resident

DEMO_FX = (
    ("USD", "HKD", "7.78", "2025-01-02"),
    ("CNY", "HKD", "1.09", "2025-01-02"),
)


def load_demo(service: Portfolio) -> int:
    """Load the sample portfolio into an empty database; returns the number
    of transactions loaded. Refuses to mix samples into a real ledger."""
    if service.reports.has_transactions():
        raise refuse("", "this database already holds transactions; load the demo into a new one",
                     "ledger_not_empty", outcome="nothing was loaded")
    with service.repo.write():  # one transaction: the nested writes become savepoints
        result = service.ledger.import_transactions(DEMO_TRANSACTIONS.encode("utf-8"))
        private = service.private
        for symbol, date, price, currency, source, note in DEMO_MARKS:
            private.add_mark(private.mark_from_input(symbol, date=date, price=price, currency=currency,
                                                     source=source, note=note))
        for base, quote, rate, date in DEMO_FX:
            service.settings.set_fx(base, quote, rate, date)
        private.add_grant(private.grant_from_input(**DEMO_GRANT))
        left = max(LEAVER_EARLIEST_LEAVING, service.today() - dt.timedelta(days=LEAVER_LEFT_DAYS_AGO))
        private.add_grant(private.grant_from_input(**DEMO_LEAVER, terminated=left.isoformat()))
        service.settings.update_tax(regime=DEMO_TAX_REGIME)
    return result.imported
