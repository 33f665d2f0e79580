"""The Performance page's period switches, CPU seconds per switch: each
switch as the window's database worker does it (a connection of its own,
``measure_performance(service, period=P, reuse=...)``), over the page's
periods 1M, 3M, YTD, 1Y, 3Y, ALL, 1M, ... ``--reuse`` keeps the prepared
part between switches (the window since issue 16's speed), ``--fresh``
prepares each time (the window before). Run the two alternately, each its
own process, on copies of the same database; the first switch (which
prepares either way) is printed apart from the 2nd..nth.

    PYTHONPATH=TREE python benchmarks/period_switch.py DB --reuse|--fresh [--switches 7]"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path


def shown(report) -> tuple:
    """What the page reads of a report (its summary, chart and table): a figure made on first use
    (session 18: a period's per-day returns, its XIRR) is made here, as it is in the window."""
    p = report.period
    return ((p.twr, p.twr_annualized, p.xirr, p.returns, p.cumulative, p.days),
            [(b.ret, b.pme, b.curve) for b in report.benchmarks],
            [(h.period.twr, h.period.xirr, h.moic, h.pme) for h in report.holdings])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--reuse", action="store_true")
    mode.add_argument("--fresh", action="store_true")
    parser.add_argument("--switches", type=int, default=7)
    args = parser.parse_args()
    from desktop_app.services import ledger_session
    from desktop_app.services.performance import PERIODS, measure_performance

    cpu = []
    for k in range(args.switches):
        period = PERIODS[k % len(PERIODS)]
        t0, w0 = time.process_time(), time.perf_counter()
        with ledger_session.portfolio(Path(args.db)) as service:
            shown(measure_performance(service, period=period, reuse=args.reuse))
        cpu.append(time.process_time() - t0)
        print(f"{period:>4} {cpu[-1]:.2f} s cpu {time.perf_counter() - w0:.2f} s wall", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rest = cpu[1:]
    print(f"{'reuse' if args.reuse else 'fresh'}: first {cpu[0]:.2f} s cpu; 2nd..{len(cpu)}th median "
          f"{statistics.median(rest):.2f} s cpu (min {min(rest):.2f}, max {max(rest):.2f}); peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
