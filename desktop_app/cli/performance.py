"""``paperwealth-cli performance``: time-weighted return, XIRR, and the
benchmarks' return and PME over a period (issue 16).

JSON keys (a contract): from, to, base_currency, twr, twr_annualized, xirr,
money_in_base, money_out_base, value_start_base, value_end_base, benchmarks
(a list of {symbol, return, pme}), holdings (a list of {symbol, twr, xirr});
ratios as decimal strings with 6 places ("0.250000" for 25%), amounts with 2.
A benchmark whose closes do not cover the period has return and pme null and
a warning on stderr; the exit code stays 0.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

from desktop_app.cli.table import Call, arg, command

OPTIONS_NOTE = "Holdings only: vested options are not in the value."
BENCHMARK_NOTE = "A benchmark's return is in the index's own currency (not converted into the base)."


def _ratio(value: Decimal | None) -> str | None:
    from desktop_app.core.performance import ratio_text

    return ratio_text(value)


def _money(value: Decimal) -> str:
    from desktop_app.core.numbers import money

    return str(money(value))


def performance_document(report) -> dict:
    """The ``--json`` document of a ``services.performance.PerformanceReport``."""
    period = report.period
    doc = {
        "from": report.start.isoformat(), "to": report.end.isoformat(), "base_currency": report.base_currency,
        "twr": _ratio(period.twr), "twr_annualized": _ratio(period.twr_annualized), "xirr": _ratio(period.xirr),
        "money_in_base": _money(period.money_in), "money_out_base": _money(period.money_out),
        "value_start_base": _money(period.value_start), "value_end_base": _money(period.value_end),
        "benchmarks": [{"symbol": b.symbol, "return": _ratio(b.ret), "pme": _ratio(b.pme)} for b in report.benchmarks],
        "holdings": [{"symbol": h.symbol, "twr": _ratio(h.period.twr), "xirr": _ratio(h.period.xirr),
                      "moic": _ratio(h.moic), "pme": _ratio(h.pme)} for h in report.holdings],
        "options_included": False,
        # Beyond the contract: what stderr warns of, and whether any money or value was left out for want
        # of a rate (the figures then leave it out), for a script that reads only the JSON.
        "warnings": list(report.warnings),
        "complete": not report.incomplete,
    }
    if report.private is not None:
        doc["private"] = {"twr": _ratio(report.private.twr), "xirr": _ratio(report.private.xirr)}
    return doc


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def _multiple(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def performance_text(report) -> str:
    """The table a person reads."""
    p = report.period
    what = f" of {report.symbol}" if report.symbol else ""
    lines = [f"Performance{what} from {report.start.isoformat()} to {report.end.isoformat()} "
             f"({report.base_currency}). {OPTIONS_NOTE}", "",
             f"Time-weighted return  {_pct(p.twr):>12}" + (f"   annualised {_pct(p.twr_annualized)}"
                                                          if p.twr_annualized is not None else ""),
             f"XIRR                  {_pct(p.xirr):>12}",
             f"Value at the start    {_money(p.value_start):>12}",
             f"Money in              {_money(p.money_in):>12}   (the value at the start included)",
             f"Money out             {_money(p.money_out):>12}",
             f"Value at the end      {_money(p.value_end):>12}"]
    if report.private is not None:
        lines.append(f"Private holdings      TWR {_pct(report.private.twr)}, XIRR {_pct(report.private.xirr)}")
    if report.benchmarks:
        lines += ["", f"{'Benchmark':<14}{'Return':>12}{'PME':>10}"]
        lines += [f"{b.symbol:<14}{_pct(b.ret):>12}{_multiple(b.pme):>10}" for b in report.benchmarks]
        lines.append(BENCHMARK_NOTE)
    if report.holdings:
        lines += ["", f"{'Holding':<14}{'TWR':>12}{'XIRR':>12}{'MOIC':>10}{'PME':>10}"]
        lines += [f"{h.symbol:<14}{_pct(h.period.twr):>12}{_pct(h.period.xirr):>12}{_multiple(h.moic):>10}"
                  f"{_multiple(h.pme):>10}" for h in report.holdings]
    return "\n".join(lines) + "\n"


@command("performance", "time-weighted return and XIRR over a period, against benchmarks (PME)",
         arg("--from", dest="start", default=None, metavar="D",
             help="first day (default: the first transaction)"),
         arg("--to", dest="end", default=None, metavar="D", help="last day (default: the latest priced day)"),
         arg("--benchmark", nargs="+", default=None, metavar="SYMBOL",
             help="compare with these (default: settings --benchmarks)"),
         arg("--symbol", default=None, metavar="S", help="one holding's performance"),
         arg("--json", action="store_true"),
         reads=True, fields={"from_date": "--from", "to_date": "--to", "benchmark": "--benchmark",
                             "symbol": "--symbol"})
def performance(call: Call) -> None:
    from desktop_app.services.performance import measure_performance

    args = call.args
    report = measure_performance(call.service, start=args.start, end=args.end, benchmarks=args.benchmark,
                                 symbol=args.symbol, keep=True)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        json.dump(performance_document(report), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(performance_text(report))
