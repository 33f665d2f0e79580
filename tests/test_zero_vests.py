"""Issue 11, item 11: a vest that adds no share is not an event. A grant of 7
options over 48 monthly steps vests a whole share only every 6 or 7 months
(floor(7 k / 48)); the months between used to appear in ``deadlines`` and in
the window's "Coming up" as "0 vest"."""

import datetime as dt
import json
from decimal import Decimal as D

from desktop_app import cli
from desktop_app.core.vesting import Frequency, Grant, GrantType, grant_state
from tests.conftest import TODAY

SMALL = ["add-grant", "--symbol", "STEPFUN", "--type", "option", "--granted", "2026-04-01", "--quantity", "7",
         "--strike", "0.5", "--currency", "USD", "--vesting-start", "2026-04-01", "--cliff-months", "0",
         "--vesting-months", "48", "--frequency", "monthly", "--id", "TINY"]


def _adds(grant: Grant) -> dict[dt.date, D]:
    """Each vest date that adds shares, with how many (from the vesting formula)."""
    out, before = {}, D(0)
    for k in range(1, 49):
        now = grant.vested_at_step(k)
        if now > before:
            out[grant.vest_date(k)] = now - before
        before = now
    return out


def test_the_schedule_and_the_next_vest_skip_steps_that_add_nothing():
    g = Grant("TINY", "STEPFUN", GrantType.OPTION, dt.date(2026, 4, 1), D(7), "USD", dt.date(2026, 4, 1), 0, 48,
              Frequency.MONTHLY, D("0.5"))
    adds = _adds(g)
    assert len(adds) == 7 and set(adds.values()) == {1}
    assert [d for d, _ in g.schedule()] == sorted(adds)
    # 2026-11-28: the first share vested on 2026-11-01 (step 7); the steps of
    # December to May add nothing, the second share comes on 2027-06-01 (step 14).
    s = grant_state(g, TODAY)
    assert s.vested == 1 and (s.next_vest_date, s.next_vest_quantity) == (dt.date(2027, 6, 1), 1)
    assert sorted(adds)[:2] == [dt.date(2026, 11, 1), dt.date(2027, 6, 1)]


def test_cli_deadlines_list_no_vest_of_zero(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite3")
    assert cli.main(["--db", db, *SMALL]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "deadlines", "--as-of", TODAY.isoformat(), "--json"]) == 0
    vests = [i for i in json.loads(capsys.readouterr().out) if i["kind"] == "vest"]
    assert vests and all(D(i["quantity"]) >= 1 for i in vests)
    assert vests[0]["date"] == "2027-06-01"
    assert cli.main(["--db", db, "deadlines", "--as-of", TODAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert "0 vest" not in text and "2027-06-01" in text and "2026-12-01" not in text


def test_coming_up_in_the_window_lists_no_vest_of_zero(db_path, make_window):
    assert cli.main(["--db", str(db_path), *SMALL]) == 0
    window = make_window()
    vests = [d for d in window.snapshot.deadlines if d.kind == "vest"]
    assert vests and all(d.quantity >= 1 for d in vests)
    text = window.overview.deadlines_label.text()
    assert "0 shares" not in text and "1 shares (TINY)" in text
