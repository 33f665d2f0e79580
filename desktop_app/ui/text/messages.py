"""Translated words for the domain's codes: field names, reasons, kinds.

The domain speaks English to the CLI and the logs; the window shows these
instead, so a Chinese reader sees Chinese. Unknown codes fall back to the
domain's English text rather than to nothing."""

from __future__ import annotations

from desktop_app.input.csv_formats import RowError
from desktop_app.ui.text.i18n import translate


def field_label(column: str) -> str:
    return {
        "date": translate("Fields", "Date"),
        "type": translate("Fields", "Type"),
        "symbol": translate("Fields", "Symbol"),
        "name": translate("Fields", "Name"),
        "asset_class": translate("Fields", "Class"),
        "quantity": translate("Fields", "Quantity"),
        "price": translate("Fields", "Price"),
        "currency": translate("Fields", "Currency"),
        "fees": translate("Fields", "Fees"),
        "account": translate("Fields", "Account"),
        "note": translate("Fields", "Note"),
        "valuation": translate("Fields", "Valuation"),
        "fully_diluted_shares": translate("Fields", "Fully diluted shares"),
        "share_class": translate("Fields", "Share class"),
        "source": translate("Fields", "Source"),
        "id": translate("Fields", "Grant ID"),
        "granted": translate("Fields", "Grant date"),
        "strike": translate("Fields", "Strike"),
        "vesting_start": translate("Fields", "Vesting start"),
        "cliff_months": translate("Fields", "Cliff (months)"),
        "vesting_months": translate("Fields", "Vesting (months)"),
        "frequency": translate("Fields", "Frequency"),
        "expires": translate("Fields", "Expires"),
        "terminated": translate("Fields", "Left the company on"),
        "exercise_window_days": translate("Fields", "Exercise window (days)"),
        "until": translate("Fields", "Locked until (last day)"),
        "lot_date": translate("Fields", "Only the lots bought on"),
        "start": translate("Fields", "Locked from (first day)"),
        "reason": translate("Fields", "Reason"),
        "target": translate("Fields", "Listed symbol"),
        "ratio": translate("Fields", "New shares per old share"),
        "fx_rate": translate("Fields", "Exchange rate (optional)"),
        "discount_pct": translate("Fields", "Discount to the mark (%)"),
        "stale_days": translate("Fields", "Stale after (days)"),
        # The fields a service names in a refusal (``services.errors``), never a command's flags.
        "as_of": translate("Fields", "As of"),
        "base_currency": translate("Fields", "Base currency"),
        "cost_method": translate("Fields", "Cost method"),
        "listed_stale_days": translate("Fields", "Listed price is stale after (days)"),
        "private_stale_days": translate("Fields", "Private mark is stale after (days)"),
        "from_currency": translate("Fields", "From currency"),
        "to_currency": translate("Fields", "To currency"),
        "rate": translate("Fields", "Exchange rate"),
        "grant_id": translate("Fields", "Grant ID"),
        "from_symbol": translate("Fields", "Holding converted"),
        "from_date": translate("Fields", "From"),
        "to_date": translate("Fields", "To"),
        "low": translate("Fields", "Low value per share"),
        "high": translate("Fields", "High value per share"),
        "tax_regime": translate("Fields", "Tax regime"),
        "tax_rate": translate("Fields", "Your tax rate (%)"),
        "other_income": translate("Fields", "Other income (HKD)"),
        "tax_other_income": translate("Fields", "Other income (HKD)"),
        "benchmarks": translate("Fields", "Benchmarks"),
        "scenario": translate("Fields", "Scenario price"),
    }.get(column, column)


def _holding_reasons() -> dict[str, str]:
    """The reasons of grants, exercises, conversions, leaving and removed
    entries (``_reason_text``'s second half)."""
    return {
        "unknown_symbol": translate("Reasons", "%1 is not in this ledger"),
        "grant_taken": translate("Reasons", "a grant named %1 already exists"),
        "no_grant": translate("Reasons", "no grant named %1"),
        "exercise_after_window": translate(
            "Reasons", "an exercise is recorded after the exercise window this would close"),
        "exercised_unvested": translate("Reasons", "more would be exercised than had vested by then"),
        "rsu_not_exercised": translate("Reasons", "an RSU is not exercised; its shares arrive as it vests"),
        "whole_shares": translate("Reasons", "options are exercised in whole shares"),
        "exercise_deadline_passed": translate("Reasons", "the exercise deadline was %1"),
        "exceeds_exercisable": translate("Reasons", "only %1 are exercisable on %2"),
        "later_exercise_unvested": translate(
            "Reasons", "with the exercise recorded on %1, more than had vested (%2) would be exercised"),
        "later_transactions": translate(
            "Reasons", "%1 has transactions on or after %2; record them on the listed symbol instead"),
        "target_private": translate("Reasons", "%1 is a private holding"),
        "target_listed_before": translate("Reasons", "%1 was listed on %3 already, before %2: a private holding "
                                                     "converts into its own listing at its IPO"),
        "strike_currency": translate(
            "Reasons", "the strike is in %1 but %2 is recorded in %3; record the exercise as a buy instead"),
        "conversion_refuses": translate("Reasons", "after this conversion a recorded transaction would be refused: %1"),
        "conversion_rebooks_rsu": translate(
            "Reasons", "after this conversion RSU vests would be booked differently, and a recorded sale would be "
                       "refused: %1"),
        "leaving_strands": translate(
            "Reasons", "fewer RSUs would be delivered, and then a recorded transaction would be refused: %1"),
        "mark_gone": translate("Reasons", "that mark no longer exists"),
        "mark_changed": translate("Reasons", "that mark was changed since (by another program): it keeps its "
                                             "newer values, nothing was undone"),
        "transaction_gone": translate("Reasons", "that transaction no longer exists"),
        "transaction_changed": translate("Reasons", "that transaction was changed since (by another program): it "
                                                    "keeps its newer values, nothing was undone"),
        "same_currency": translate("Reasons", "is the same currency as the one converted from"),
        "same_symbol": translate("Reasons", "must differ from the holding converted"),
        "already_listed": translate("Reasons", "%1 is already listed"),
        "already_converted": translate("Reasons", "%1 has already been converted"),
        "after_end": translate("Reasons", "is after the last day"),
        "no_rate": translate("Reasons", "no %1→%2 rate is stored on or before %3: give one"),
        "undo_import_refused": translate("Reasons", "The import cannot be undone; nothing was removed."),
        "import_changed": translate("Reasons", "the transactions the import added were changed, deleted or "
                                               "replaced since (by another program): remove them by hand"),
        # Plan exercise (``services.exercise_plans``): why a grant cannot be exercised on the day, and the rest.
        "cannot_exercise": translate("Reasons", "%1 cannot be exercised on %2: %3"),
        "rsu_plan": translate("Reasons", "an RSU is not exercised; its shares arrive as it vests (it is taxed at "
                                         "each vest)"),
        "window_closed": translate("Reasons", "the exercise window after leaving closed on %1"),
        "grant_expired": translate("Reasons", "the grant expired on %1"),
        "all_exercised": translate("Reasons", "everything vested by %1 (%2) is already exercised"),
        "nothing_vested": translate("Reasons", "nothing has vested by %1"),
        "nothing_vested_yet": translate("Reasons", "nothing has vested by %1 (next vest %2)"),
        "no_price": translate("Reasons", "%1 has no price in %2 on or before %3; give one"),
        "rate_not_flat": translate("Reasons", "only the flat regime takes a rate (%1 has its own table)"),
        "ledger_not_empty": translate(
            "Reasons", "this ledger already holds transactions: load the demo into a new, empty ledger"),
    }


def _reason_text(code: str) -> str | None:
    """The translated reason of a problem's code (None: no translation; the
    English message stands)."""
    return {
        "required": translate("Reasons", "is required"),
        "date_format": translate("Reasons", "is not a date (YYYY-MM-DD)"),
        "date_invalid": translate("Reasons", "is not a real calendar date"),
        "date_future": translate("Reasons", "is in the future"),
        "number": translate("Reasons", "is not a number (use digits and a point, e.g. 1234.56)"),
        "not_positive": translate("Reasons", "must be greater than 0"),
        "negative": translate("Reasons", "must not be negative"),
        "symbol": translate("Reasons", "is not a valid symbol"),
        "currency": translate("Reasons", "is not an ISO 4217 currency code (e.g. HKD, USD, CNY)"),
        "choice": translate("Reasons", "is not one of the allowed values"),
        "too_long": translate("Reasons", "is too long"),
        "control_chars": translate("Reasons", "contains line breaks or control characters"),
        "split_fees": translate("Reasons", "a split cannot carry fees"),
        "class_mismatch": translate("Reasons", "differs from the class this symbol already has"),
        "currency_mismatch": translate("Reasons", "differs from the currency this symbol is traded in"),
        "oversell": translate("Reasons", "is more than the position held on that date"),
        "strands_later_sale": translate("Reasons", "would leave a later sale larger than the position"),
        "locked": translate("Reasons", "dips into shares locked up until %1 (%2): only %3 can be sold then"),
        "converted": translate("Reasons", "became %1 at its IPO on %2: record this on %1"),
        "strands_later_dividend": translate("Reasons", "would leave a later dividend on more shares than held"),
        "strands_later_lock": translate("Reasons", "would make a later sale dip into locked-up shares"),
        "lock_over": translate("Reasons", "is already over"),
        "lock_starts_late": translate("Reasons", "is after the last locked day"),
        "lock_exceeds": translate("Reasons", "is more than the %1 shares held"),
        "lock_exceeds_lot": translate("Reasons", "is more than the %1 shares bought that day"),
        "no_lot": translate("Reasons", "no shares were bought on that day"),
        "nothing_held": translate("Reasons", "none of these shares are held"),
        "lock_blocks_sale": translate(
            "Reasons", "a sale of %1 on %2 would have dipped into this lock-up: give a first locked day after it"),
        "fx_contradicts": translate("Reasons", "is 10x or more away from the stored %1 rate %2 of %3"),
        "fx_inverse": translate("Reasons", "is 10x or more away from the stored %1 rate %2 of %3; did you mean %4?"),
        "fx_out_of_bounds": translate("Reasons", "is outside 0.0000001 to 10000000, where every exchange rate lies"),
        "duplicate": translate("Reasons", "is already stored (importing a file twice would double it)"),
        "price_or_valuation": translate("Reasons", "give a price, or a valuation and its fully diluted shares"),
        "whole_number": translate("Reasons", "must be a whole number"),
        "strike_required": translate("Reasons", "an option needs a strike price"),
        "rsu_strike": translate("Reasons", "an RSU has no strike price"),
        "grant_id": translate("Reasons", "use letters, digits, '-', '_' or '.'"),
        "cliff_exceeds_vesting": translate("Reasons", "the cliff is longer than the vesting"),
        "before_grant": translate("Reasons", "is before the grant date"),
        "below_100": translate("Reasons", "must be below 100"),
        "percent": translate("Reasons", "is not a percentage from 0 to 100"),
        "empty_symbol": translate("Reasons", "has an empty symbol (write SYMBOL,SYMBOL,…)"),
        "too_many": translate("Reasons", "at most 10 symbols"),
        "withholding_exceeds": translate("Reasons", "the tax withheld exceeds the gross dividend"),
        "too_large": translate("Reasons", "the file is larger than %1 MB"),
        "not_utf8": translate("Reasons", "is not UTF-8 text (save the file as CSV UTF-8)"),
        "not_text": translate("Reasons", "the file is not a CSV text file"),
        "csv_error": translate("Reasons", "cannot be read as CSV"),
        "header_missing": translate("Reasons", "the header line is missing (expected: %1)"),
        "unknown_column": translate("Reasons", "unknown column; allowed columns are %1"),
        "duplicate_column": translate("Reasons", "appears twice in the header"),
        "missing_column": translate("Reasons", "required column is missing"),
        "field_count": translate("Reasons", "has %1 fields but the header has %2"),
        "separator": translate("Reasons", "the file appears to be separated by %1; it must be comma-separated"),
        **_holding_reasons(),
    }.get(code)


def reason(error: RowError, with_value: bool = True) -> str:
    text = _reason_text(error.code)
    if error.code == "locked" and len(error.params) > 1 and not error.params[1]:  # a lock-up with no reason
        text = translate("Reasons", "dips into shares locked up until %1: only %3 can be sold then")
    if text is None:
        return error.message
    params = error.params
    if error.code in QUOTES_AN_ISSUE and len(params) >= 5:
        params = (_issue_text(params),)
    elif error.code == "cannot_exercise" and len(params) >= 3:  # the grant, the day, then why (a code and its own)
        grant, day, code, *rest = params
        params = (grant, day, reason(RowError(0, "", code, code, tuple(rest))))
    elif error.code == "rate_not_flat" and params:
        params = tuple(regime_label(p) for p in params)
    if error.code == "separator":
        params = tuple({"semicolon": translate("Reasons", "semicolons"),
                        "tab": translate("Reasons", "tabs")}.get(p, p) for p in params)
    for i, value in enumerate(params, start=1):
        text = text.replace(f"%{i}", value)
    if error.value and with_value:
        # The value the row held, as the English message quotes it: "'2026-13-03' is not a real calendar date".
        text = _fill(translate("Reasons", "'%1' %2"), error.value, text)
    return text


# Codes whose params are ``services.errors.issue_params``: a recorded transaction and why it would be refused.
QUOTES_AN_ISSUE = {"conversion_refuses", "conversion_rebooks_rsu", "leaving_strands"}


def _issue_text(params: tuple[str, ...]) -> str:
    """"the sell of 800 0100.HK on 2026-02-02 (is more than the position
    held on that date)": the transaction, then the issue's own reason."""
    kind, quantity, symbol, day, code, *rest = params
    why = reason(RowError(0, "", code, code, tuple(rest)))
    return _fill(translate("Reasons", "the %1 of %2 %3 on %4 (%5)"), tx_type_label(kind).lower(), quantity, symbol,
                 day, why)


def regime_label(regime: str) -> str:
    """A tax regime's name (``core.tax.Regime``)."""
    return {
        "prc": translate("ExercisePlanDialog", "PRC individual income tax"),
        "hk": translate("ExercisePlanDialog", "Hong Kong salaries tax"),
        "flat": translate("ExercisePlanDialog", "Flat rate (your own)"),
        "none": translate("ExercisePlanDialog", "No tax"),
    }.get(regime, regime)


def _fill(template: str, *values: str) -> str:
    """%1, %2... replaced in one pass (a value may itself contain "%2")."""
    import re

    return re.sub(r"%([1-9])", lambda m: values[int(m.group(1)) - 1] if int(m.group(1)) <= len(values)
                  else m.group(0), template)


def describe(error: RowError, with_value: bool = True) -> str:
    """One line for a person: "Line 3: Quantity: '0' must be greater than 0"
    (a form, whose fields show their values, leaves the value out)."""
    text = reason(error, with_value)
    if error.column:
        label = error.column if error.code == "unknown_column" else field_label(error.column)
        text = translate("Reasons", "%1: %2").replace("%1", label).replace("%2", text)
    if error.line > 0:
        text = translate("Reasons", "Line %1: %2").replace("%1", str(error.line)).replace("%2", text)
    return text


def tx_type_label(kind: str) -> str:
    return {
        "buy": translate("Fields", "Buy"),
        "sell": translate("Fields", "Sell"),
        "split": translate("Fields", "Split"),
        "dividend": translate("Fields", "Dividend"),
    }.get(kind, kind)


def asset_class_label(kind: str) -> str:
    return {"listed": translate("Fields", "Listed"), "private": translate("Fields", "Private")}.get(kind, kind)


def price_source_label(kind: str) -> str:
    return {
        "quote": translate("Fields", "quote"),
        "close": translate("Fields", "close"),
        "round": translate("Fields", "funding round"),
        "secondary": translate("Fields", "secondary trade"),
        "bid": translate("Fields", "bid"),
        "ask": translate("Fields", "ask"),
        "tender": translate("Fields", "tender offer"),
        "fund_nav": translate("Fields", "fund NAV"),
        "fair_value": translate("Fields", "fair value"),
        "estimate": translate("Fields", "estimate"),
        "manual": translate("Fields", "manual"),
    }.get(kind, kind)


def grant_status_label(status: str) -> str:
    return {
        "active": translate("Fields", "Active"),
        "terminated": translate("Fields", "Left, window open"),
        "expired": translate("Fields", "Expired"),
        "fully_exercised": translate("Fields", "Fully exercised"),
    }.get(status, status)


def deadline_kind_label(kind: str) -> str:
    return {
        "vest": translate("Fields", "Vests"),
        "exercise_deadline": translate("Fields", "Exercise deadline"),
        "lockup_expiry": translate("Fields", "Lock-up ends"),
        "stale_mark": translate("Fields", "Mark goes stale"),
    }.get(kind, kind)


ERROR_COLOR = "#d9363e"  # a form's problems: the text, and the border of the field at fault
ERROR_STYLE = f"border: 1px solid {ERROR_COLOR};"


def error_label():
    """The label under a form that ``present_errors`` writes into."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    label.setObjectName("errorList")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _is_empty(widget) -> bool:
    text = widget.currentText() if hasattr(widget, "currentText") else getattr(widget, "text", lambda: "x")()
    return not str(text).strip()


def present_errors(errors: list[RowError], widgets: dict, touched: set[str], label) -> None:
    """Show a form's problems without shouting at a form nobody has filled in
    yet: an empty field the user has not reached is only listed, in grey, as
    still to fill in; every other problem (a field the user changed, a value
    that was filled in for them, a problem of no single field) gets a red
    border and its reason."""
    from html import escape

    def waiting(e: RowError) -> bool:
        return e.column in widgets and e.column not in touched and _is_empty(widgets[e.column])

    shown = [e for e in errors if not waiting(e)]
    bad = {e.column for e in shown}
    for column, widget in widgets.items():
        widget.setStyleSheet(ERROR_STYLE if column in bad else "")
        widget.setToolTip("\n".join(describe(e, False) for e in shown if e.column == column))
    pending = list(dict.fromkeys(e.column for e in errors if waiting(e)))
    lines = [f"<span style='color:#d9363e'>{escape(describe(e, False), quote=False)}</span>" for e in shown]
    if pending:
        names = translate("Reasons", ", ").join(field_label(c) for c in pending)
        lines.append("<span style='color:gray'>" + escape(translate("Reasons", "Still to fill in: %1")
                                                          .replace("%1", names), quote=False) + "</span>")
    label.setText("<br>".join(lines))
