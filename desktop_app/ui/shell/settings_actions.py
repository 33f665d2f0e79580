"""Settings…: the dialog, and storing what it changed.

The window's own choices (language, colours, refresh on start) go to
QSettings; the ledger's (base currency, cost method, staleness, the
benchmarks, the tax regime, rate and other income) go to the ledger, as the
command line's ``settings`` keeps them, in one checked write on the database
worker. A change of any of them is undoable (Undo puts back what the ledger
held, every setting of that save in one write). Strings keep the ``MainWindow`` context of the
translation catalogues."""

from __future__ import annotations

from shiboken6 import isValid

from desktop_app.ui.shell.undo import RestoreSettings
from desktop_app.ui.text.i18n import translate


def ledger_values(settings) -> dict[str, str]:
    """The window's values of the ledger settings it keeps a copy of."""
    return {"base_currency": settings.base_currency, "cost_method": settings.cost_method.value,
            "listed_stale_days": str(settings.staleness.listed_days),
            "private_stale_days": str(settings.staleness.private_days)}


def open_settings(window) -> None:
    """Show the dialog (the ledger's benchmarks and tax rows fill in once
    read on the database worker); on Save, store and apply what changed."""
    from desktop_app.services.ledger_choices import read_choices
    from desktop_app.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.settings, window.language, window, ledger_locked=window.read_only)
    dialog.security.clicked.connect(window.security.open)
    if window.read_only_reason is not None:  # not another window: the file or its folder is read-only
        dialog.locked_note.setText(translate("MainWindow", "This ledger is read-only here: its base currency, cost "
                                                           "method and staleness are shown but cannot be changed."))

    def show(choices) -> None:
        if isValid(dialog):
            dialog.set_ledger_choices(choices)

    window.db_tasks.run(window.context.with_service(read_choices), show, lambda _error: None)
    before, previous = ledger_values(window.settings), window.settings.ledger_defaults()
    if not window.exec_dialog(dialog):
        return
    after = ledger_values(window.settings)
    _store(window, after, {k for k, v in after.items() if v != before[k]}, dict(dialog.choice_changes), previous)
    window.apply_settings()


def _store(window, values: dict[str, str], changed: set[str], choices: dict[str, str | None], previous) -> None:
    """Store in the ledger the settings the user changed in the dialog, and
    the ones the ledger has never stored (it was shown with the window's);
    leave alone a stored one the user did not touch, which the command line
    may have changed since this window read it. A change of any ledger
    setting goes on the undo stack (its Undo puts back all this save wrote;
    the window reloads after it, taking the ledger's base currency and cost
    method back)."""
    if window.read_only:
        return
    from desktop_app.services.ledger_choices import save_for_undo

    def saved(result) -> None:
        before, written = result
        if choices or changed:  # Undo puts back every ledger setting this save wrote
            window.push_undo(RestoreSettings(translate("MainWindow", "settings change"), tuple(before.items()),
                                             lambda kept: _undone(window, previous, changed, kept),
                                             tuple(written.items())))

    window.db_tasks.run(window.context.with_service(lambda svc: save_for_undo(svc, values, changed, choices)), saved,
                        window.show_error)


def _undone(window, previous, changed: set[str], kept: tuple[str, ...]) -> None:
    """Undo's part in the window: its own copy of the ledger settings this
    save changed back to ``previous`` (what a ledger that no longer stores
    them is valued with; one that does is adopted on the reload), except
    those another program changed since, which the window names."""
    _put_back(window.settings, previous, changed - set(kept))
    if kept:
        from desktop_app.ui.text.messages import field_label

        text = translate("MainWindow", "Undone, except what another program changed in the ledger since this "
                                       "window saved it, which keeps its newer value: %1")
        window.inform(translate("MainWindow", "Paper Wealth"), text.replace("%1", ", ".join(map(field_label, kept))))


def _put_back(settings, previous, changed: set[str]) -> None:
    """The window's own copy of the ledger settings in ``changed`` back to ``previous``."""
    if "base_currency" in changed:
        settings.base_currency = previous.base_currency
    if "cost_method" in changed:
        settings.cost_method = previous.cost_method
    if changed & {"listed_stale_days", "private_stale_days"}:
        settings.staleness = previous.staleness
