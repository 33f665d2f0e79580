"""Two parts of an import's check and rebuild made with ``map`` instead of a
Python call a row (issue 13): each gives exactly what the plain form gives."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.booking import BookingRow
from desktop_app.core.models import TxType
from desktop_app.core.returns import Flows
from desktop_app.services import holdings_cache, import_check

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(days, amounts | st.sampled_from([Decimal("0"), Decimal("0.00"), Decimal("-0")]),
                       max_size=40), st.booleans())
def test_flows_are_those_of_from_daily(daily, in_order):
    if in_order:  # as the rebuild makes them: in date order
        daily = dict(sorted(daily.items()))
    fast, plain = holdings_cache._flows(daily), Flows.from_daily(daily)
    assert fast == plain
    assert (str(fast.paid_in), str(fast.paid_out)) == (str(plain.paid_in), str(plain.paid_out))  # exponents too


def test_flows_by_hand():
    # Paid 100.50 on day 1 and 20 on day 3, got 30.25 back on day 2; day 4 nets to zero (no point).
    d1, d2, d3, d4 = (dt.date(2024, 1, n) for n in (1, 2, 3, 4))
    flows = holdings_cache._flows({d1: Decimal("-100.50"), d3: Decimal("-20"), d2: Decimal("30.25"),
                                   d4: Decimal("0.00")})
    assert (flows.paid_in, flows.paid_out) == (Decimal("120.50"), Decimal("30.25"))  # 100.50 + 20
    assert flows.points == ((d1.toordinal(), -100.5), (d2.toordinal(), 30.25), (d3.toordinal(), -20.0))


KINDS = [TxType.BUY, TxType.SELL, TxType.DIVIDEND, TxType.SPLIT]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(KINDS)), max_size=60))
def test_booking_order_is_the_stable_sort_by_date_and_rank(rows):
    txs = [BookingRow(dt.date(2024, 1, 1) + dt.timedelta(days=d), kind, "AAA", Decimal(1), Decimal(1), Decimal(0),
                      line) for line, (d, kind) in enumerate(rows, start=2)]
    assert import_check.booking_ordered(txs) == sorted(txs, key=lambda t: (t.date, import_check._RANK[t.type]))


def test_booking_order_by_hand():
    day = dt.date(2024, 1, 2)
    rows = [BookingRow(day, kind, "AAA", Decimal(1), Decimal(1), Decimal(0), line) for line, kind in
            enumerate([TxType.SELL, TxType.BUY, TxType.DIVIDEND, TxType.SPLIT, TxType.BUY], start=2)]
    rows.insert(0, BookingRow(day + dt.timedelta(days=1), TxType.BUY, "AAA", Decimal(1), Decimal(1), Decimal(0), 1))
    # The day's dividend (line 4), then buys and the split in line order (3, 5, 6), then the sale (2); the next day last.
    assert [r.ref for r in import_check.booking_ordered(rows)] == [4, 3, 5, 6, 2, 1]


def test_merged_keeps_stored_rows_first_on_a_tie():
    day = dt.date(2024, 1, 2)
    stored = [BookingRow(day, TxType.BUY, "AAA", Decimal(1), Decimal(1), Decimal(0), "s")]
    kept = [BookingRow(day, TxType.BUY, "AAA", Decimal(2), Decimal(1), Decimal(0), "k"),
            BookingRow(day - dt.timedelta(days=1), TxType.BUY, "AAA", Decimal(3), Decimal(1), Decimal(0), "k0")]
    kept = import_check.booking_ordered(kept)
    assert [r.ref for r in import_check.merged(stored, kept)] == ["k0", "s", "k"]
