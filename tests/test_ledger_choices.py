"""services/ledger_choices.py: the Settings dialog's benchmarks and tax rows
as the ledger stores them, all or nothing, and their undo."""

from __future__ import annotations

import pytest

from desktop_app.services.errors import EntryRejected
from desktop_app.services.ledger_choices import (
    LedgerChoices,
    changed_choices,
    check_choices,
    read_choices,
    restore,
    save_for_undo,
    save_settings,
)


def stored(repo) -> dict:
    return dict(repo.conn.execute("SELECT key, value FROM settings"))


def test_a_fresh_ledger_reads_as_the_defaults(service):
    assert read_choices(service) == LedgerChoices("^HSI,HSTECH.HK", "none", "", "0")


def test_only_what_differs_from_what_was_shown_is_a_change():
    shown = LedgerChoices("^HSI,HSTECH.HK", "flat", "20", "0")
    checked, errors = check_choices({"benchmarks": " ^hsi , hstech.hk", "tax_regime": "FLAT", "tax_rate": "20.00",
                                     "tax_other_income": ""})
    # Upper-cased and trimmed, "20.00" is 20, an empty income is 0: nothing changed.
    assert errors == [] and changed_choices(shown, checked) == {}
    checked, _ = check_choices({"benchmarks": "^HSI", "tax_regime": "hk", "tax_rate": "",
                                "tax_other_income": "1200000.5"})
    assert changed_choices(shown, checked) == {"benchmarks": "^HSI", "tax_regime": "hk", "tax_rate": None,
                                               "tax_other_income": "1200000.5"}


def test_a_bad_value_refuses_the_whole_save(service, repo):
    """As if the ledger changed between the dialog's check and the save: the
    service checks again, and the base currency typed beside it is not kept either."""
    before = stored(repo)
    with pytest.raises(EntryRejected) as refused:
        save_settings(service, {"base_currency": "USD"}, {"base_currency"}, {"benchmarks": "^HSI,,X"})
    assert [e.column for e in refused.value.errors] == ["benchmarks"] and stored(repo) == before
    with pytest.raises(EntryRejected) as refused:
        save_settings(service, {"base_currency": "USD"}, {"base_currency"}, {"tax_rate": "101"})
    assert [e.column for e in refused.value.errors] == ["tax_rate"] and stored(repo) == before


def test_removing_the_rate_of_the_flat_regime_is_refused(service, repo):
    save_settings(service, {}, set(), {"tax_regime": "flat", "tax_rate": "25"})
    before = stored(repo)
    with pytest.raises(EntryRejected) as refused:
        save_settings(service, {}, set(), {"tax_rate": None})
    assert refused.value.errors[0].code == "required" and stored(repo) == before


def test_undo_puts_back_each_value_and_removes_what_was_never_stored(service, repo):
    save_settings(service, {}, set(), {"tax_regime": "prc"})
    before = save_settings(service, {}, set(), {"benchmarks": "^HSI", "tax_regime": "flat", "tax_rate": "30",
                                                "tax_other_income": "5"})
    assert before == {"benchmarks": None, "tax_regime": "prc", "tax_rate": None, "tax_other_income": None}
    assert read_choices(service) == LedgerChoices("^HSI", "flat", "30", "5")
    restore(service, before)
    assert stored(repo) == {"tax_regime": "prc"}


def test_undo_of_a_save_with_the_base_currency_puts_back_every_setting_it_wrote(service, repo):
    # The ledger stores HKD and FIFO; one save changes the base currency to USD
    # and the benchmarks: Undo must put back both (not only the benchmarks row),
    # leave the untouched stored cost method as it is, and remove the two
    # staleness keys that save wrote because they had never been stored.
    repo.set_setting("base_currency", "HKD")
    repo.set_setting("cost_method", "fifo")
    values = {"base_currency": "USD", "cost_method": "fifo", "listed_stale_days": "7", "private_stale_days": "90"}
    before = save_settings(service, values, {"base_currency"}, {"benchmarks": "^HSI"})
    assert before == {"benchmarks": None, "base_currency": "HKD", "listed_stale_days": None,
                      "private_stale_days": None}
    assert repo.setting("base_currency") == "USD"
    restore(service, before)
    assert repo.setting("base_currency") == "HKD" and repo.setting("cost_method") == "fifo"
    assert repo.setting("benchmarks") is None
    assert repo.setting("listed_stale_days") is None and repo.setting("private_stale_days") is None


def test_undo_keeps_a_setting_another_program_changed_since_the_save(service, repo):
    # The save: base HKD -> USD, benchmarks (never stored) -> ^HSI, regime prc -> hk. Then the
    # command line sets the benchmarks to HSTECH.HK and the regime to flat 20%. Undo puts the
    # base currency back (still USD, as saved) and keeps the two the CLI changed, naming them.
    repo.set_setting("base_currency", "HKD")
    save_settings(service, {}, set(), {"tax_regime": "prc"})
    before, written = save_for_undo(service, {"base_currency": "USD"}, {"base_currency"},
                                    {"benchmarks": "^HSI", "tax_regime": "hk"})
    assert before == {"benchmarks": None, "tax_regime": "prc", "base_currency": "HKD"}
    assert written == {"benchmarks": "^HSI", "tax_regime": "hk", "base_currency": "USD"}
    service.settings.update_settings(benchmarks="HSTECH.HK")  # as `settings --benchmarks` does
    service.settings.update_tax(regime="flat", rate="20")
    assert restore(service, before, written) == ("benchmarks", "tax_regime")
    assert (repo.setting("benchmarks"), repo.setting("tax_regime")) == ("HSTECH.HK", "flat")
    assert repo.setting("base_currency") == "HKD" and repo.setting("tax_rate") == "20"


def test_undo_of_a_key_removed_since_keeps_it_removed(service, repo):
    before, written = save_for_undo(service, {}, set(), {"tax_regime": "flat", "tax_rate": "25"})
    assert before == {"tax_regime": None, "tax_rate": None}
    repo.delete_setting("tax_rate")  # another program removed the rate (and set the regime back)
    repo.set_setting("tax_regime", "none")
    assert restore(service, before, written) == ("tax_regime", "tax_rate")
    assert stored(repo) == {"tax_regime": "none"}
