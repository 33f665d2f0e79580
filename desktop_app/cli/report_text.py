"""``paperwealth-cli report``: the report as a readable table (the JSON
document and the CSV are ``services.report_format``)."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.numbers import average_price, money, plain, round_price, shown_price
from desktop_app.core.valuation import GrantValue, HoldingValue, PortfolioReport

# The readable table shows a computed price (an average cost, a converted
# price) to four significant figures, as the window does; a stored one as it is.
_SHOWN_SIGNIFICANT = 4
_HEADER = ("Symbol", "Class", "Ccy", "Quantity", "Avg cost", "Price", "Price date", "Src",
           "Market value", "Unrealized", "%", "Realized")
_LEFT = {0, 1, 2, 6, 7}  # left-aligned columns


def _num(value: Decimal | None) -> str:
    """An amount in cents, rounded as the report rounds (never "-0.00")."""
    return "-" if value is None else f"{money(value):,.2f}"


def _price_cell(value: Decimal | None) -> str:
    """A price or an average cost for the table: its own decimals, at least two."""
    if value is None:
        return "-"
    return f"{shown_price(value, significant=_SHOWN_SIGNIFICANT, places=0):,f}"


def _fixed(value: Decimal, places: int) -> str:
    return f"{round_price(value, places):.{places}f}"


def _holding_row(h: HoldingValue) -> tuple:
    p = h.price
    return (
        h.symbol,
        h.instrument.asset_class.value,
        h.instrument.currency,
        f"{h.position.quantity:,f}" if h.position.quantity else "0",
        "-" if h.average_cost is None else f"{average_price(h.average_cost, significant=_SHOWN_SIGNIFICANT):,f}",
        _price_cell(h.price_in_currency),
        (p.date.isoformat() + (" !" if h.stale else "")) if p else "none !",
        p.source.value if p else "none",
        _num(h.market_value),
        _num(h.unrealized_gain),
        _num(h.unrealized_gain_pct),
        _num(h.realized_gain),
        _num(h.market_value_base),
    )


def _holdings_table(report: PortfolioReport) -> list[str]:
    header = (*_HEADER, f"Value {report.base_currency}")
    rows = [_holding_row(h) for h in report.holdings]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple) -> str:
        return "  ".join(
            str(c).ljust(widths[i]) if i in _LEFT else str(c).rjust(widths[i]) for i, c in enumerate(row)
        ).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def _totals(report: PortfolioReport) -> list[str]:
    base, t = report.base_currency, report.totals
    lines = [
        "",
        f"Total value      {base} {_num(t.market_value_base):>16}",
        f"Cost basis       {base} {_num(t.cost_basis_base):>16}",
        f"Unrealized gain  {base} {_num(t.unrealized_gain_base):>16}",
        f"Realized gain    {base} {_num(t.realized_gain_base):>16}",
        "",
        f"Liquid now       {base} {_num(t.liquid_base):>16}",
        f"Locked           {base} {_num(t.locked_base):>16}",
        f"Private          {base} {_num(t.private_base):>16}",
        f"Options (spread) {base} {_num(t.options_base):>16}   cash to exercise {base} {_num(t.cash_to_exercise_base)}"
        + (f" (strike {_num(t.exercise_cost_base)} + estimated tax {_num(t.exercise_tax_base)}, an estimate, "
           "not tax advice)" if t.exercise_tax_base else ""),
        f"Paper wealth     {base} {_num(t.paper_wealth_base):>16}"
        + (f"   range {_num(t.paper_wealth_low_base)} to {_num(t.paper_wealth_high_base)}"
           if t.paper_wealth_low_base is not None and t.paper_wealth_high_base is not None
           and t.paper_wealth_low_base != t.paper_wealth_high_base else ""),
    ]
    if t.moic is not None:
        xirr = f"   XIRR {_fixed(t.xirr * 100, 2)}%" if t.xirr is not None else ""
        lines.append(f"MOIC {_fixed(t.moic, 2)}x{xirr}")
    return lines


def _grant_line(g: GrantValue, base: str) -> str:
    s = g.state
    if s.grant.type.value == "rsu":
        cost = f" at a cost of {_num(money(g.delivered_cost))} {g.delivered_currency}" if s.delivered else ""
        return (f"  {s.grant.id} (rsu on {s.grant.symbol}): vested {plain(s.vested)} of "
                f"{plain(s.grant.quantity)}, delivered {plain(s.delivered)} as shares{cost}, "
                f"{s.status.value}")
    deadline = f", exercise by {s.exercise_deadline.isoformat()}" if s.exercise_deadline else ""
    return (f"  {s.grant.id} ({s.grant.type.value} on {s.grant.symbol}): vested {plain(s.vested)} of "
            f"{plain(s.grant.quantity)}, exercisable {plain(s.exercisable)}, cost "
            f"{_num(money(s.exercise_cost))} {s.grant.currency}, spread "
            f"{_num(g.intrinsic_value_base)} {base}, {s.status.value}{deadline}"
            + (f", cash needed with estimated tax {_num(g.cash_to_exercise)} {s.grant.currency}"
               if g.estimated_tax and g.cash_to_exercise is not None else ""))


def report_table(report: PortfolioReport) -> str:
    lines = [
        f"Paper Wealth as of {report.as_of.isoformat()}  (base {report.base_currency}, "
        f"cost method {report.cost_method.value})",
        "",
    ]
    if not report.holdings:
        lines.append("No holdings yet. Try `paperwealth-cli demo` on a new --db, or import-transactions FILE.csv.")
        return "\n".join(lines) + "\n"
    lines += _holdings_table(report)
    lines += _totals(report)
    if report.grants:
        lines += ["", "Grants", *(_grant_line(g, report.base_currency) for g in report.grants)]
    if any(h.stale for h in report.holdings):
        lines.append("\n! = stale or missing price")
    for w in report.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"
