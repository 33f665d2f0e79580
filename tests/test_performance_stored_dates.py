"""A transaction's date stored in ISO 8601's basic form ("20240103", written
by another tool): every read takes it (``date.fromisoformat``), and the
report and the value chart book it on its day (they sort by the date read).
``storage.ledger_rows`` took the SQL's order of the date TEXTS as booking
order, and "20240103" sorts after every "2024-..": performance booked the
buy after the sale and measured nonsense."""

import json
import sqlite3

from tests.test_performance_cli import example, run  # noqa: F401 - the fixture


def test_a_date_in_the_basic_form_is_booked_on_its_day(capsys, example):  # noqa: F811
    code, out, _ = run(capsys, "--db", example, "performance", "--json", "--benchmark", "^HSI")
    assert code == 0
    before = json.loads(out)
    conn = sqlite3.connect(example)
    # The first buy (2024-01-01, 100 at 10), its date written without dashes.
    assert conn.execute("UPDATE transactions SET date = '20240101' WHERE date = '2024-01-01'").rowcount == 1
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", example, "performance", "--json", "--benchmark", "^HSI")
    assert code == 0, err
    after = json.loads(out)
    # The example still (test_performance_cli): from 2024-01-01, 1000 + 1100 in, 1250 out, a TWR of 25%.
    assert after["from"] == "2024-01-01"
    assert (after["money_in_base"], after["money_out_base"], after["twr"]) == ("2100.00", "1250.00", "0.250000")
    assert after == before
