"""Where the time of ``paperwealth-cli report --json`` goes, phase by phase.

    python benchmarks/profile_report.py DB.sqlite3 [--repeat 3] [--cprofile OUT.prof]

Rebuilds the report's pipeline from desktop_app's own functions (nothing is
patched) and times each phase in-process, best of --repeat:

  open        SqliteRepository(path): connect and the schema pragmas
  sql_fetch   the transactions query, fetchall() of the raw rows
  decimals    Decimal(quantity), Decimal(price), Decimal(fees) for every row
  dates_refs  date.fromisoformat(date) and StoredRef(id) for every row
  dataclass   Transaction(...) for every row, from values already built
  finite      the is_finite() check over every transaction
  transactions  repo.transactions() as a whole (the four above plus the list)
  other_reads instruments, latest quotes and marks, FX, settings
  book        ledger.book() of the transactions (FIFO)
  valuation   value_portfolio() minus its book() (pricing, FX, rounding)
  document    report_format.report_document()
  json        json.dump(indent=1) to a StringIO
  total       service.report() + report_document + json.dump, as the CLI runs them

Then, with --cprofile, the whole CLI ``main`` under cProfile (which inflates
call-heavy code; the phase timings above are the ones to trust), top functions
by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import sys
import time
from contextlib import redirect_stdout
from decimal import Decimal


def best(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cprofile", default=None, metavar="OUT.prof")
    args = p.parse_args()

    t0 = time.perf_counter()
    from desktop_app.cli import main as cli_main
    from desktop_app.domain.fx import FxTable
    from desktop_app.domain.ledger import book
    from desktop_app.domain.models import CostMethod, Transaction, TxType
    from desktop_app.domain.valuation import value_portfolio
    from desktop_app.services.portfolio_service import PortfolioService
    from desktop_app.services.report_format import report_document
    from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef

    imports = time.perf_counter() - t0
    r = args.repeat
    phases: dict[str, float] = {"imports (in-process, warm)": imports}
    phases["open"], repo = best(lambda: SqliteRepository(args.db), r)
    service = PortfolioService(repo)
    day = dt.date.today()
    sql = (
        "SELECT t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, "
        "t.account, t.note FROM transactions t JOIN instruments i ON i.id = t.instrument_id"
        " WHERE t.date <= ? ORDER BY t.date, t.id"
    )
    phases["sql_fetch"], rows = best(lambda: repo.conn.execute(sql, (day.isoformat(),)).fetchall(), r)
    phases["decimals"], decs = best(lambda: [(Decimal(q), Decimal(p), Decimal(f)) for _, _, _, _, q, p, _, f, _, _ in rows], r)
    phases["dates_refs"], drs = best(lambda: [(dt.date.fromisoformat(row[1]), StoredRef(row[0])) for row in rows], r)
    types = {t.value: t for t in TxType}
    pre = [
        (d, types[row[2]], row[3], q, pr, row[6], f, row[8], row[9], ref)
        for row, (q, pr, f), (d, ref) in zip(rows, decs, drs, strict=True)
    ]
    phases["dataclass"], txs = best(lambda: [Transaction(*v) for v in pre], r)
    phases["finite"], _ = best(
        lambda: all(t.quantity.is_finite() and t.price.is_finite() and t.fees.is_finite() for t in txs), r
    )
    phases["transactions"], txs = best(lambda: repo.transactions(until=day), r)

    def other_reads():
        return (repo.instruments(), repo.latest_quotes(day), repo.latest_marks(day), repo.fx_rates(until=day),
                service.base_currency(), service.cost_method(), service.staleness())

    phases["other_reads"], (instruments, quotes, marks, fx, base, method, staleness) = best(other_reads, r)
    phases["book"], _ = best(lambda: book((t for t in txs if t.date <= day), CostMethod(method)), r)
    quotes_by = {s: (q,) for s, q in quotes.items()}
    marks_by = {s: (m,) for s, m in marks.items()}
    valued, report = best(
        lambda: value_portfolio(instruments, txs, quotes_by, marks_by, FxTable(fx), day, base, method, staleness), r
    )
    phases["valuation"] = valued - phases["book"]
    phases["document"], doc = best(lambda: report_document(report), r)

    def dump():
        buf = io.StringIO()
        json.dump(doc, buf, ensure_ascii=False, indent=1)
        return buf

    phases["json"], _ = best(dump, r)

    def whole():
        rep = service.report()
        buf = io.StringIO()
        json.dump(report_document(rep), buf, ensure_ascii=False, indent=1)
        return buf

    phases["total (service.report + document + json)"], _ = best(whole, r)
    counts = {
        "transactions": len(txs),
        "sells": sum(1 for t in txs if t.type is TxType.SELL),
        "holdings": len(report.holdings),
    }
    print(f"{counts}; best of {r}, in-process (process start-up and imports not included except where said)")
    for name, seconds in phases.items():
        print(f"  {name:44s} {seconds * 1000:9.1f} ms")
    repo.close()

    if args.cprofile:
        profiler = cProfile.Profile()
        with redirect_stdout(io.StringIO()):
            profiler.enable()
            cli_main(["--db", args.db, "report", "--json"])
            profiler.disable()
        profiler.dump_stats(args.cprofile)
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(22)
            text = out.getvalue()
            print(f"\n--- cProfile of cli.main(report --json), by {key} ---")
            print(text[text.find("   ncalls"):].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
