"""``exercise-plan`` and ``set-range``: the exercise decision (issue 15).

Every figure of an exercise plan is an estimate, not tax advice; the output
names the rule and the tax year it follows."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from desktop_app.cli.table import Call, arg, command
from desktop_app.core.numbers import money, plain, price_text, unsigned_zero
from desktop_app.core.tax import ESTIMATE_NOTE

_RATIO_STEP = Decimal("0.0001")


def _m(value: Decimal) -> str:
    return format(money(value), "f")


def plan_document(planned) -> dict[str, Any]:
    """The ``--json`` document of a plan (``services.exercise_plans.PlannedExercise``)."""
    p = planned.plan
    g, tax = p.grant, p.tax
    effective = tax.effective_rate
    return {
        "grant_id": g.id,
        "date": p.date.isoformat(),
        "quantity": plain(p.quantity),
        "price": price_text(p.price),
        "price_currency": g.currency,
        "strike": price_text(g.strike),
        "strike_cost": _m(p.strike_cost),
        "taxable_gain": _m(p.taxable_gain),
        "tax_regime": tax.regime.value,
        "tax_currency": tax.currency,
        "taxable_gain_tax_currency": _m(p.taxable_gain_tax_currency),
        "estimated_tax": _m(tax.tax),
        "effective_tax_rate": None if effective is None else format(
            unsigned_zero(effective.quantize(_RATIO_STEP)), "f"),
        "cash_needed_base": _m(p.cash_needed_base),
        "value_base": _m(p.value_base),
        "net_gain_base": _m(p.net_gain_base),
        "break_even_price": price_text(p.break_even_price),
        "exercise_deadline": None if g.exercise_deadline is None else g.exercise_deadline.isoformat(),
        "rule": tax.rule,
        "scenarios": [{"price": price_text(s.price), "value_base": _m(s.value_base),
                       "net_gain_base": _m(s.net_gain_base)} for s in p.scenarios],
        # Beyond the keys:
        "base_currency": p.base,
        "tax_year": tax.tax_year,
        "strike_cost_base": _m(p.strike_cost_base),
        "estimated_tax_base": _m(p.tax_base),
        "earlier_taxable_in_year": _m(planned.earlier_in_year),
        "notes": list(planned.notes),
        "disclaimer": ESTIMATE_NOTE,
    }


def plan_text(planned) -> str:
    p = planned.plan
    g, tax, base = p.grant, p.tax, p.base
    effective = tax.effective_rate
    rate = "" if effective is None else f" (effective {effective * 100:.1f}%)"
    lines = [
        f"Exercise plan for {g.id} ({g.symbol}) on {p.date.isoformat()}: {ESTIMATE_NOTE}",
        f"  shares              {plain(p.quantity)}",
        f"  value per share     {price_text(p.price)} {g.currency}",
        f"  strike cost         {_m(p.strike_cost)} {g.currency} ({price_text(g.strike)} a share)",
        f"  taxable gain        {_m(p.taxable_gain)} {g.currency}"
        + ("" if tax.currency == g.currency else f" = {_m(p.taxable_gain_tax_currency)} {tax.currency}"),
        f"  estimated tax       {_m(tax.tax)} {tax.currency}{rate}",
        f"  cash needed         {_m(p.cash_needed_base)} {base} (strike {_m(p.strike_cost_base)} + tax "
        f"{_m(p.tax_base)})",
        f"  value of the shares {_m(p.value_base)} {base}",
        f"  net gain            {_m(p.net_gain_base)} {base}",
        f"  break-even price    {price_text(p.break_even_price)} {g.currency} a share",
    ]
    if g.exercise_deadline is not None:
        lines.append(f"  exercise deadline   {g.exercise_deadline.isoformat()}")
    if planned.earlier_in_year:
        lines.append(f"  earlier this year   {_m(planned.earlier_in_year)} CNY taxable counted first")
    lines.append(f"Tax regime {tax.regime.value}, tax year {tax.tax_year}: {tax.rule}.")
    lines += [f"Note: {n}" for n in planned.notes]
    lines.append(f"Scenarios ({g.currency} a share; {base}):")
    lines.append(f"  {'price':>14}  {'value':>16}  {'net gain':>16}")
    for s in p.scenarios:
        lines.append(f"  {price_text(s.price):>14}  {_m(s.value_base):>16}  {_m(s.net_gain_base):>16}")
    return "\n".join(lines) + "\n"


@command("exercise-plan", "the cash an exercise needs with its tax, break-even and scenarios (an estimate)",
         arg("grant_id", metavar="GRANT_ID"),
         arg("--quantity", default=None, metavar="N", help="default: all that is exercisable on the date"),
         arg("--date", default=None, metavar="D", help="default: today"),
         arg("--price", default=None, metavar="P",
             help="value per share in the grant's currency (default: the close or latest mark, before discount)"),
         arg("--tax-regime", default=None, metavar="prc|hk|flat|none", help="default: the ledger's setting"),
         arg("--tax-rate", default=None, metavar="PCT", help="your own rate (the flat regime)"),
         arg("--other-income", default=None, metavar="AMOUNT", help="the hk regime's other income, in HKD"),
         arg("--scenario", action="extend", nargs="+", default=[], metavar="P",
             help="other prices per share to value at"),
         arg("--json", action="store_true"),
         reads=True, fields={"grant_id": "GRANT_ID"})
def exercise_plan(call: Call) -> None:
    from desktop_app.services.exercise_plans import plan

    args = call.args
    planned = plan(call.service, args.grant_id, quantity=args.quantity, date=args.date, price=args.price,
                   regime=args.tax_regime, rate=args.tax_rate, other_income=args.other_income,
                   scenarios=args.scenario)
    if args.json:
        json.dump(plan_document(planned), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(plan_text(planned))


@command("set-range", "a private holding's low and high value per share: paper wealth as a range",
         arg("symbol", metavar="SYMBOL"),
         arg("--low", default=None, metavar="P", help="in the holding's currency"),
         arg("--high", default=None, metavar="P", help="in the holding's currency"),
         arg("--clear", action="store_true", help="remove the range"),
         fields={"symbol": "SYMBOL"})
def set_range(call: Call) -> None:
    from desktop_app.input.fields import parse_symbol
    from desktop_app.services.value_ranges import set_value_range

    args = call.args
    stored = set_value_range(call.repo, args.symbol, args.low, args.high, clear=args.clear)
    symbol = parse_symbol(args.symbol)  # valid: it was stored
    if stored is None:
        print(f"Range cleared for {symbol}.")
    else:
        print(f"{symbol}: from {plain(stored.low)} to {plain(stored.high)} {stored.currency} a share "
              "in the paper wealth range.")
