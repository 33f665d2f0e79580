"""Dialogs for marks, grants, exercises, leaving, lock-ups and the IPO
conversion: each validated as the user types by the same domain checks the
CLI uses, each naming the field at fault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.input import fields
from desktop_app.input.csv_formats import RowError
from desktop_app.input.grant_entry import check_grant, whole_number
from desktop_app.core.fx_checks import rate_problem
from desktop_app.input.lockup_entry import check_new_lockup
from desktop_app.input.mark_entry import check_mark
from desktop_app.core.models import Conversion, FxRate, Instrument, Lockup, MarkSource, Transaction
from desktop_app.core.numbers import plain
from desktop_app.core.vesting import Exercise, Grant, exercise_refusal, grant_state
from desktop_app.ui.text import messages
from desktop_app.ui.dialogs.form import COMMON_CURRENCIES, FormDialog, line
from desktop_app.ui.text.i18n import translate

def _combo(items: list[tuple[str, str]], current: str | None = None, editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    for label, data in items:
        box.addItem(label, data)
    if current is not None:
        index = box.findData(current)
        if index >= 0:
            box.setCurrentIndex(index)
        elif editable:
            box.setCurrentText(current)
    return box


def _currency(current: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(COMMON_CURRENCIES)
    box.setCurrentText(current)
    return box


def field_errors(values: dict, required=(), optional=()) -> list[RowError]:
    """Run each (column, parser) on its text: every required one, and the
    optional ones only when filled in. Each failure names its column."""
    errors = []
    for column, parse in (*required, *((c, p) for c, p in optional if values[c].strip())):
        try:
            parse(values[column])
        except fields.FieldError as exc:
            errors.append(RowError(0, column, str(exc), exc.code))
    return errors


def _positive(text: str):
    return fields.parse_amount(text, positive=True)


def _discount(text: str):
    pct = fields.parse_amount(text)
    if pct >= 100:
        raise fields.FieldError("must be below 100", "below_100")
    return pct


def mark_dialog(symbol: str, currency: str, today: dt.date, record: Mapping[str, str] | None = None,
                parent: QWidget | None = None) -> FormDialog:
    r = dict(record or {})
    sources = [(messages.price_source_label(s.value), s.value) for s in MarkSource]
    widgets = [
        ("date", line(r.get("date", today.isoformat()), "YYYY-MM-DD")),
        ("price", line(r.get("price", ""), translate("EntryDialogs", "e.g. 24.00"))),
        ("valuation", line(r.get("valuation", ""))),
        ("fully_diluted_shares", line(r.get("fully_diluted_shares", ""))),
        ("currency", _currency(r.get("currency", currency))),
        ("source", _combo(sources, r.get("source", "secondary"))),
        ("share_class", line(r.get("share_class", ""))),
        ("note", line(r.get("note", ""))),
    ]

    def check(values: dict) -> list[RowError]:
        return check_mark({**values, "symbol": symbol}, today=today)[1]

    title = translate("EntryDialogs", "Edit mark") if record else translate("EntryDialogs", "Add mark")
    dialog = FormDialog(title + f" · {symbol}", widgets, check, parent)
    dialog.setObjectName("markDialog")
    dialog.validate()
    return dialog


def grant_dialog(today: dt.date, instruments: Mapping[str, object], parent: QWidget | None = None) -> FormDialog:
    kinds = [(translate("EntryDialogs", "Option"), "option"), (translate("EntryDialogs", "RSU"), "rsu")]
    frequencies = [(translate("EntryDialogs", "Monthly"), "monthly"),
                   (translate("EntryDialogs", "Quarterly"), "quarterly"),
                   (translate("EntryDialogs", "Annually"), "annually")]
    widgets = [
        ("symbol", line("", translate("EntryDialogs", "e.g. MOONSHOT or 2513.HK"))),
        ("type", _combo(kinds)),
        ("granted", line(today.isoformat(), "YYYY-MM-DD")),
        ("quantity", line()),
        ("strike", line()),
        ("currency", _currency("USD")),
        ("vesting_start", line(today.isoformat(), "YYYY-MM-DD")),
        ("cliff_months", line("12")),
        ("vesting_months", line("48")),
        ("frequency", _combo(frequencies)),
        ("expires", line("", translate("EntryDialogs", "optional"))),
        ("terminated", line("", translate("EntryDialogs", "optional"))),
        ("exercise_window_days", line("90")),
        ("id", line("", translate("EntryDialogs", "optional"))),
    ]

    def check(values: dict) -> list[RowError]:
        return check_grant(values, today=today)[1]

    dialog = FormDialog(translate("EntryDialogs", "Add grant"), widgets, check, parent)
    dialog.setObjectName("grantDialog")
    dialog.validate()
    return dialog


def exercise_dialog(grant: Grant, exercises: list[Exercise], today: dt.date,
                    parent: QWidget | None = None) -> FormDialog:
    state = grant_state(grant, today, exercises)
    # An RSU has nothing exercisable (its vested units are delivered shares): its vested
    # quantity is filled in, so the form says why instead of "must be greater than 0".
    filled = state.delivered if state.delivered else state.exercisable
    widgets = [("date", line(today.isoformat(), "YYYY-MM-DD")), ("quantity", line(str(filled)))]

    def check(values: dict) -> list[RowError]:
        errors: list[RowError] = []
        try:
            day = fields.parse_date(values["date"], today=today)
        except fields.FieldError as exc:
            return [RowError(0, "date", str(exc), exc.code)]
        try:
            quantity = fields.parse_amount(values["quantity"], positive=True)
        except fields.FieldError as exc:
            return [RowError(0, "quantity", str(exc), exc.code)]
        refusal = exercise_refusal(grant_state(grant, day, exercises), quantity, day, exercises)
        if refusal:
            errors.append(RowError(0, "quantity", *refusal))
        return errors

    title = translate("EntryDialogs", "Exercise %1").replace("%1", grant.id)
    dialog = FormDialog(title, widgets, check, parent)
    dialog.setObjectName("exerciseDialog")
    dialog.validate()
    return dialog


def leaving_dialog(grant: Grant, today: dt.date, parent: QWidget | None = None) -> FormDialog:
    current = grant.terminated.isoformat() if grant.terminated else today.isoformat()
    widgets = [("terminated", line(current, "YYYY-MM-DD"))]

    def check(values: dict) -> list[RowError]:
        try:
            day = fields.parse_date(values["terminated"], today=today)
        except fields.FieldError as exc:
            return [RowError(0, "terminated", str(exc), exc.code)]
        if day < grant.granted:
            return [RowError(0, "terminated", "is before the grant date", "before_grant")]
        return []

    title = translate("EntryDialogs", "Record leaving · %1").replace("%1", grant.id)
    dialog = FormDialog(title, widgets, check, parent)
    dialog.setObjectName("leavingDialog")
    dialog.validate()
    return dialog


def lockup_dialog(symbol: str, today: dt.date, parent: QWidget | None = None, *,
                  history: Sequence[Transaction] = (), conversions: Sequence[Conversion] = (),
                  lockups: Sequence[Lockup] = ()) -> FormDialog:
    """``history``: the transactions of ``symbol`` and of the symbols converted
    into it, checked as the service checks them (``check_new_lockup``)."""
    widgets = [("start", line("", translate("EntryDialogs", "optional: YYYY-MM-DD"))),
               ("until", line("", "YYYY-MM-DD")),
               ("quantity", line("", translate("EntryDialogs", "optional: the whole holding"))),
               ("lot_date", line("", "YYYY-MM-DD")),
               ("reason", line("", translate("EntryDialogs", "e.g. cornerstone, 6 months")))]
    widgets[2][1].setToolTip(translate("EntryDialogs", "Counted in the shares of the lot day, else of the first "
                                                       "locked day: a split after that day scales it."))

    def check(values: dict) -> list[RowError]:
        return check_new_lockup(values, symbol=symbol, today=today, history=history, conversions=conversions,
                                lockups=lockups)[1]

    dialog = FormDialog(translate("EntryDialogs", "Add lock-up · %1").replace("%1", symbol), widgets, check, parent)
    dialog.setObjectName("lockupDialog")
    dialog.validate()
    return dialog


def convert_dialog(symbol: str, today: dt.date, parent: QWidget | None = None, *,
                   fx_rates: Sequence[FxRate] = (), instruments: Mapping[str, Instrument] | None = None) -> FormDialog:
    """``fx_rates``: the stored rates, which a typed rate may not contradict
    (as ``PrivateHoldingsService.convert`` checks); ``instruments``: the known ones,
    for the currencies of ``symbol`` and of an existing listed symbol."""
    known = instruments or {}
    widgets = [("target", line("", translate("EntryDialogs", "e.g. 2513.HK"))),
               ("date", line(today.isoformat(), "YYYY-MM-DD")),
               ("ratio", line("1")), ("currency", _currency("HKD")),
               ("fx_rate", line("", translate("EntryDialogs", "default: the stored rate of the day")))]

    def check(values: dict) -> list[RowError]:
        errors = field_errors(values, required=(("target", fields.parse_symbol),
                                                ("date", lambda t: fields.parse_date(t, today=today)),
                                                ("ratio", _positive), ("currency", fields.parse_currency)),
                              optional=(("fx_rate", _positive),))
        if errors or not values["fx_rate"].strip() or symbol not in known:
            return errors
        target = known.get(fields.parse_symbol(values["target"]))
        to_ccy = target.currency if target else fields.parse_currency(values["currency"])
        from_ccy, rate = known[symbol].currency, _positive(values["fx_rate"])
        problem = None if from_ccy == to_ccy else rate_problem(
            from_ccy, to_ccy, rate, fields.parse_date(values["date"]), fx_rates)
        if problem is None:
            return []
        message = problem.describe(from_ccy, to_ccy, rate)
        if problem.reference is None:
            return [RowError(0, "fx_rate", message, "fx_out_of_bounds")]
        ref = problem.reference
        params = (f"{ref.base}→{ref.quote}", plain(ref.rate), ref.date.isoformat())
        if problem.inverse_fits:  # entered the wrong way round: offer the inverse
            inverse = plain(Decimal(f"{Decimal(1) / rate:.6g}"))
            return [RowError(0, "fx_rate", f"{message}; did you mean {inverse}?", "fx_inverse", (*params, inverse))]
        return [RowError(0, "fx_rate", message, "fx_contradicts", params)]

    dialog = FormDialog(translate("EntryDialogs", "Convert at IPO · %1").replace("%1", symbol), widgets, check,
                        parent)
    dialog.setObjectName("convertDialog")
    dialog.validate()
    return dialog


def holding_settings_dialog(symbol: str, discount: str, stale_days: str, parent: QWidget | None = None) -> FormDialog:
    widgets = [("discount_pct", line(discount, "0")),
               ("stale_days", line(stale_days, translate("EntryDialogs", "empty: the default")))]

    def check(values: dict) -> list[RowError]:
        return field_errors(values, optional=(("discount_pct", _discount), ("stale_days", whole_number)))

    dialog = FormDialog(translate("EntryDialogs", "Discount and staleness · %1").replace("%1", symbol), widgets, check,
                        parent)
    dialog.setObjectName("holdingSettingsDialog")
    dialog.validate()
    return dialog
