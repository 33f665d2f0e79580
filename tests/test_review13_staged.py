"""Issue 13 review: the window's staged load when the ledger changes between
the first paint and its completion (another process writes, e.g. the CLI,
while a 100k ledger's rows are read and booked for the chart and the table).

The completed snapshot must be one consistent picture: what the full build
(``build_snapshot``) gives of the ledger as it is when completed. Keeping the
first paint's report while the rows and the chart come from the changed
ledger shows the totals of before the write beside the rows of after it, and
the window's ledger watch, which notes the version when the completion
starts, never reloads it."""

from __future__ import annotations

import pytest

from desktop_app.core.models import CostMethod
from desktop_app.services.snapshot import build_snapshot, complete_snapshot, first_snapshot
from tests.test_chart_matches_report import rich_db  # noqa: F401 - the fixture
from tests.test_staged_snapshot import LEDGER_CHANGES, PRICE_CHANGES, _build, ledger  # noqa: F401


@pytest.mark.parametrize("change", [*LEDGER_CHANGES, *PRICE_CHANGES])
def test_a_write_between_the_first_paint_and_its_completion(ledger, tmp_path, change):  # noqa: F811
    first = _build(ledger, CostMethod.FIFO, first_snapshot)
    changes = {**LEDGER_CHANGES, **PRICE_CHANGES}
    changes[change](ledger, tmp_path)  # another process writes meanwhile
    completed = _build(ledger, CostMethod.FIFO, complete_snapshot, first)
    full = _build(ledger, CostMethod.FIFO, build_snapshot)
    assert completed.report == full.report
    assert completed == full
