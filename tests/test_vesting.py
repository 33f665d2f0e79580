"""The vesting engine on the awkward cases docs/domain.md names."""

import datetime as dt
from decimal import Decimal as D

import pytest

from desktop_app.core.vesting import (
    Exercise,
    Frequency,
    Grant,
    GrantStatus,
    GrantType,
    exercise_problem,
    grant_state,
)

d = dt.date


def grant(**kw):
    base = dict(id="G", symbol="MOONSHOT", type=GrantType.OPTION, granted=d(2024, 1, 15), quantity=D(4800),
                currency="USD", vesting_start=d(2024, 1, 15), cliff_months=12, vesting_months=48,
                frequency=Frequency.MONTHLY, strike=D("2.50"))
    base.update(kw)
    return Grant(**base)


def test_nothing_before_the_cliff_then_a_year_at_once():
    g = grant()
    assert g.vested(d(2025, 1, 14)) == 0
    assert g.vested(d(2025, 1, 15)) == 1200  # 12/48 of 4800 on the cliff date
    assert g.vested(d(2025, 2, 15)) == 1300
    assert g.vested(d(2028, 1, 15)) == 4800
    assert g.vested(d(2030, 1, 1)) == 4800


def test_rounding_down_and_the_last_date_completes_the_grant():
    g = grant(quantity=D(1000), cliff_months=0, vesting_months=3)
    assert [q for _, q in g.schedule()] == [333, 666, 1000]


def test_a_start_on_the_31st_clamps_to_the_months_end():
    g = grant(vesting_start=d(2024, 1, 31), granted=d(2024, 1, 31), cliff_months=0, vesting_months=4)
    assert [day for day, _ in g.schedule()] == [d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30), d(2024, 5, 31)]


def test_a_start_on_29_february():
    g = grant(vesting_start=d(2024, 2, 29), granted=d(2024, 2, 29), cliff_months=12, vesting_months=24,
              frequency=Frequency.ANNUALLY)
    assert g.schedule() == [(d(2025, 2, 28), D(2400)), (d(2026, 2, 28), D(4800))]


def test_quarterly_steps():
    g = grant(cliff_months=0, vesting_months=12, frequency=Frequency.QUARTERLY, quantity=D(400))
    assert g.schedule() == [(d(2024, 4, 15), 100), (d(2024, 7, 15), 200), (d(2024, 10, 15), 300),
                            (d(2025, 1, 15), 400)]


def test_termination_between_vest_dates_stops_vesting_and_opens_a_90_day_window():
    g = grant(terminated=d(2025, 3, 1))
    s = grant_state(g, d(2025, 4, 1))
    assert s.vested == 1300  # 2025-01-15 (cliff, 1200) and 2025-02-15 count; 2025-03-15 does not
    assert s.status is GrantStatus.TERMINATED
    assert s.exercise_deadline == d(2025, 5, 30) and s.days_to_deadline == 59
    assert s.next_vest_date is None and s.exercisable == 1300
    after = grant_state(g, d(2025, 5, 31))
    assert after.status is GrantStatus.EXPIRED and after.exercisable == 0


def test_termination_before_the_cliff_leaves_nothing():
    s = grant_state(grant(terminated=d(2024, 12, 1)), d(2025, 1, 1))
    assert (s.vested, s.exercisable, s.unvested) == (0, 0, 4800)


def test_expiry_before_the_window_ends_wins():
    g = grant(terminated=d(2025, 6, 1), expires=d(2025, 7, 1))
    assert g.exercise_deadline == d(2025, 7, 1)
    assert grant_state(g, d(2025, 7, 2)).status is GrantStatus.EXPIRED


def test_next_vest_is_the_quantity_on_that_date_not_the_running_total():
    s = grant_state(grant(), d(2025, 1, 20), price=D(10))
    assert (s.next_vest_date, s.next_vest_quantity) == (d(2025, 2, 15), 100)
    s = grant_state(grant(), d(2024, 6, 1))
    assert (s.next_vest_date, s.next_vest_quantity) == (d(2025, 1, 15), 1200)


def test_spread_cost_and_an_underwater_option():
    s = grant_state(grant(), d(2025, 1, 15), price=D(10))
    assert s.exercise_cost == D("3000.00") and s.intrinsic_value == D(9000)
    assert grant_state(grant(), d(2025, 1, 15), price=D(1)).intrinsic_value == 0


def test_vested_rsus_are_delivered_shares_not_options_and_are_not_exercised():
    g = grant(type=GrantType.RSU, strike=D(0))
    s = grant_state(g, d(2025, 1, 15), price=D(10))
    assert (s.vested, s.delivered, s.exercisable) == (1200, 1200, 0)
    assert s.intrinsic_value == 0 and s.exercise_cost == 0
    assert "RSU" in exercise_problem(s, D(1), d(2025, 1, 15))


def test_exercise_in_parts_and_refusals():
    g = grant(terminated=d(2025, 3, 1))
    first = Exercise("G", d(2025, 3, 10), D(400))
    s = grant_state(g, d(2025, 3, 20), [first])
    assert (s.exercised, s.exercisable) == (400, 900)
    assert exercise_problem(s, D(900), d(2025, 3, 20)) is None
    assert "only 900" in exercise_problem(s, D(901), d(2025, 3, 20))
    late = grant_state(g, d(2025, 6, 1), [first])
    assert "deadline" in exercise_problem(late, D(1), d(2025, 6, 1))
    done = grant_state(grant(quantity=D(100), cliff_months=0, vesting_months=1), d(2025, 1, 1),
                       [Exercise("G", d(2024, 3, 1), D(100))])
    assert done.status is GrantStatus.FULLY_EXERCISED


@pytest.mark.parametrize("bad, field", [(dict(cliff_months=60), "cliff-months"), (dict(quantity=D(0)), "quantity"),
                                        (dict(vesting_months=0), "vesting-months")])
def test_impossible_grants_are_named(bad, field):
    assert field in [f for f, _ in grant(**bad).problems()]
