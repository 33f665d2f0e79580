"""Issue 13 review: ``heal`` (run by the window after every first paint)
rebuilds the holdings that should have dated checkpoints and have none. A
holding whose transactions can never give a checkpoint (one is written at the
end of a day after CHECKPOINT_EVERY events, never on the last day: e.g. 40
trades on one day, or exactly CHECKPOINT_EVERY trades on as many days) must
not count as such: otherwise every start-up rebuilds it again, a write to the
ledger each time the window opens, for nothing."""

from __future__ import annotations

import datetime as dt

from desktop_app.services import holdings_cache
from desktop_app.services.portfolio import Portfolio
from tests.conftest import TODAY, csv_bytes


def _rows(days: list[dt.date], symbol: str) -> list[str]:
    return [f"{day},buy,{symbol},,listed,1,2,USD,,," for day in days]


def test_holdings_that_cannot_have_a_checkpoint_are_not_healed_at_every_start(repo):
    every = holdings_cache.CHECKPOINT_EVERY
    start = dt.date(2024, 1, 1)
    one_day = _rows([start] * (every + 8), "AAA")  # a day trader's busy day
    exact = _rows([start + dt.timedelta(days=i) for i in range(every)], "BBB")  # one per day, no day after
    enough = _rows([start + dt.timedelta(days=i) for i in range(every + 1)], "CCC")  # a checkpoint
    portfolio = Portfolio(repo, today=lambda: TODAY)
    portfolio.ledger.import_transactions(csv_bytes(*one_day, *exact, *enough))
    assert repo.holding_cache.checkpointed() == {"CCC"}
    assert holdings_cache.unchecked_symbols(repo) == set()
    assert portfolio.cache.heal() == 0  # the window's start: nothing to rebuild
    assert portfolio.cache.heal() == 0  # ...the next start either
