"""The report as the CLI contract's JSON document and as CSV (the window's
export too); the CLI's readable table is ``cli/report_text.py``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_app.core.numbers import money, plain, price_text, unsigned_zero
from desktop_app.core.valuation import GrantValue, HoldingValue, PortfolioReport

_FX_STEP = Decimal("1E-10")


def _money(value: Decimal | None) -> str | None:
    """Cents always: an empty total is "0.00", like any other amount."""
    return None if value is None else format(money(value), "f")


def _ratio(value: Decimal | None) -> str | None:
    return None if value is None else format(unsigned_zero(value), "f")


def _price(value: Decimal | None) -> str | None:
    """The decimals it has (at least two): a close of 0.046 is "0.046"; a
    price converted from another currency or an average cost, whose division
    has no end, to six decimals or six significant figures (``price_text``)."""
    return None if value is None else price_text(value)


def _fx(value: Decimal | None) -> str | None:
    return None if value is None else plain(unsigned_zero(value.quantize(_FX_STEP)))


def holding_document(h: HoldingValue) -> dict[str, Any]:
    i, p = h.instrument, h.price
    return {
        "symbol": i.symbol,
        "name": i.name,
        "asset_class": i.asset_class.value,
        "currency": i.currency,
        "quantity": plain(h.position.quantity),
        "cost_basis": _money(h.cost_basis),
        "average_cost": _price(h.average_cost),
        "price": _price(h.price_in_currency),
        "price_date": p.date.isoformat() if p else None,
        "price_source": p.source.value if p else "none",
        "market_value": _money(h.market_value),
        "unrealized_gain": _money(h.unrealized_gain),
        "unrealized_gain_pct": _money(h.unrealized_gain_pct),
        "realized_gain": _money(h.realized_gain),
        "fx_rate": _fx(h.fx_rate),
        "market_value_base": _money(h.market_value_base),
        "cost_basis_base": _money(h.cost_basis_base),
        "unrealized_gain_base": _money(h.unrealized_gain_base),
        "realized_gain_base": _money(h.realized_gain_base),
        "stale": h.stale,
        "locked_quantity": plain(h.locked_quantity),
        "tradable_quantity": plain(h.tradable_quantity),
        "mark_age_days": h.mark_age_days,
        "discount_pct": None if h.discount_pct is None else plain(h.discount_pct),
        "undiscounted_price": _price(h.undiscounted_price),
        "moic": _ratio(h.moic),
        "xirr": _ratio(h.xirr),
    }


def grant_document(g: GrantValue) -> dict[str, Any]:
    s = g.state
    grant = s.grant
    return {
        "id": grant.id,
        "symbol": grant.symbol,
        "type": grant.type.value,
        "quantity": plain(grant.quantity),
        "strike": _price(grant.strike) if grant.type.value == "option" else None,
        "currency": grant.currency,
        "vested": plain(s.vested),
        "unvested": plain(s.unvested),
        "exercised": plain(s.exercised),
        "exercisable": plain(s.exercisable),
        "exercise_cost": _money(money(s.exercise_cost)),
        "intrinsic_value": None if s.intrinsic_value is None else _money(money(s.intrinsic_value)),
        "intrinsic_value_base": _money(g.intrinsic_value_base),
        "next_vest_date": s.next_vest_date.isoformat() if s.next_vest_date else None,
        "next_vest_quantity": None if s.next_vest_quantity is None else plain(s.next_vest_quantity),
        "exercise_deadline": s.exercise_deadline.isoformat() if s.exercise_deadline else None,
        "days_to_deadline": s.days_to_deadline,
        "status": s.status.value,
        "price": _price(s.price),
        # RSUs: the vested units delivered as shares of the underlying (in its
        # holding), their cost basis (the value on each vest date) and the vest
        # dates that had no price (booked at 0). Options deliver nothing.
        "delivered": plain(s.delivered),
        "delivered_cost": _money(g.delivered_cost),
        "delivered_cost_currency": g.delivered_currency,
        "unpriced_vest_dates": [d.isoformat() for d in g.unpriced_vests],
        # Exercising what is exercisable now: the estimated tax (an estimate, not
        # tax advice) and the strike cost plus it, in the grant's currency.
        "estimated_tax": _money(g.estimated_tax),
        "cash_to_exercise": _money(g.cash_to_exercise),
    }


HOLDINGS_CSV_COLUMNS = ("symbol", "name", "asset_class", "currency", "quantity", "average_cost", "cost_basis",
                        "price", "price_date", "price_source", "market_value", "unrealized_gain",
                        "unrealized_gain_pct", "realized_gain", "fx_rate", "market_value_base", "cost_basis_base",
                        "unrealized_gain_base", "realized_gain_base", "locked_quantity", "tradable_quantity", "stale",
                        "mark_age_days", "discount_pct")


def holdings_csv(report: PortfolioReport) -> str:
    """The report's holdings as CSV for a spreadsheet: the JSON document's
    holding keys (a subset, same names and values), one row per holding, then
    a TOTAL row in the base currency's columns. The header names the as-of
    date and base currency in the base columns, so a saved file says what it is."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HOLDINGS_CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for h in report.holdings:
        row = holding_document(h)
        row["stale"] = "yes" if row["stale"] else "no"
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    t = report.totals
    writer.writerow({"symbol": "TOTAL", "name": f"{report.base_currency} as of {report.as_of.isoformat()}",
                     "market_value_base": _money(t.market_value_base), "cost_basis_base": _money(t.cost_basis_base),
                     "unrealized_gain_base": _money(t.unrealized_gain_base),
                     "realized_gain_base": _money(t.realized_gain_base)})
    return out.getvalue()


def report_document(report: PortfolioReport) -> dict[str, Any]:
    t = report.totals
    return {
        "as_of": report.as_of.isoformat(),
        "base_currency": report.base_currency,
        "cost_method": report.cost_method.value,
        "holdings": [holding_document(h) for h in report.holdings],
        "grants": [grant_document(g) for g in report.grants],
        "totals": {
            "market_value_base": _money(t.market_value_base),
            "cost_basis_base": _money(t.cost_basis_base),
            "unrealized_gain_base": _money(t.unrealized_gain_base),
            "realized_gain_base": _money(t.realized_gain_base),
            "liquid_base": _money(t.liquid_base),
            "locked_base": _money(t.locked_base),
            "private_base": _money(t.private_base),
            "options_base": _money(t.options_base),
            "exercise_cost_base": _money(t.exercise_cost_base),
            "exercise_tax_base": _money(t.exercise_tax_base),
            "cash_to_exercise_base": _money(t.cash_to_exercise_base),
            "paper_wealth_base": _money(t.paper_wealth_base),
            # Holdings with a value range at its low and high (``core.value_range``).
            "paper_wealth_low_base": _money(t.paper_wealth_low_base),
            "paper_wealth_high_base": _money(t.paper_wealth_high_base),
            "moic": _ratio(t.moic),
            "xirr": _ratio(t.xirr),
        },
        "warnings": list(report.warnings),
    }
