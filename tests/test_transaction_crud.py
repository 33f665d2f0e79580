import pytest

from desktop_app.services.errors import EntryRejected, ImportRejected, Rejected
from tests.conftest import csv_bytes


def rec(**kw):
    base = {"date": "2026-01-08", "type": "buy", "symbol": "2513", "name": "Zhipu", "asset_class": "listed",
            "quantity": "100", "price": "116.20", "currency": "HKD", "fees": "", "account": "", "note": ""}
    base.update(kw)
    return base


def test_add_edit_delete_round_trip(service, repo):
    tx_id = service.ledger.add_transaction(rec())
    assert repo.instruments.all()["2513.HK"].name == "Zhipu"
    service.ledger.update_transaction(tx_id, rec(quantity="200"))
    assert repo.transactions.by_id(tx_id).quantity == 200
    record = service.ledger.delete_transaction(tx_id)
    assert repo.transactions.count() == 0
    assert record["quantity"] == "200" and record["symbol"] == "2513.HK"
    service.ledger.add_transaction(record)  # what undo does
    assert repo.transactions.count() == 1


def test_each_bad_field_is_named(service):
    row, errors = service.ledger.check_transaction(rec(date="2026-02-30", quantity="0", currency="HKX", symbol=""))
    assert row is None
    assert {e.column for e in errors} == {"date", "quantity", "currency", "symbol"}


def test_a_sale_larger_than_the_position_is_refused(service):
    service.ledger.add_transaction(rec())
    row, errors = service.ledger.check_transaction(rec(type="sell", date="2026-01-09", quantity="101"))
    assert row is None and errors[0].column == "quantity" and "only 100" in errors[0].message
    with pytest.raises(EntryRejected, match="nothing was added"):
        service.ledger.add_transaction(rec(type="sell", date="2026-01-09", quantity="101"))


def test_editing_or_deleting_a_buy_cannot_strand_a_later_sale(service, repo):
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,1,HKD,,,",
                                          "2026-01-09,sell,2513,,listed,80,2,HKD,,,"))
    buy_id = repo.transactions.all()[0].ref
    row, errors = service.ledger.check_transaction(rec(quantity="50", price="1"), replacing=buy_id)
    assert row is None and "later transaction" in errors[0].message
    with pytest.raises(EntryRejected, match="nothing was deleted"):
        service.ledger.delete_transaction(buy_id)
    assert repo.transactions.count() == 2
    # moving the buy to another symbol strands the sale too
    _, errors = service.ledger.check_transaction(rec(symbol="0100"), replacing=buy_id)
    assert errors


def test_a_refused_entry_says_so_without_calling_it_an_import(service, repo):
    """Adding, editing or deleting one transaction is no import: the refusal
    has its own type and summary, and carries the same problems (RowErrors
    naming the field) for the window and the CLI to show."""
    buy = service.ledger.add_transaction(rec())
    service.ledger.add_transaction(rec(type="sell", date="2026-01-09", quantity="80"))
    refusals = {
        "nothing was added": (
            lambda: service.ledger.add_transaction(rec(type="sell", date="2026-01-10", quantity="21")), "oversell"),
        "nothing was changed": (
            lambda: service.ledger.update_transaction(buy, rec(quantity="50")), "strands_later_sale"),
        "nothing was deleted": (lambda: service.ledger.delete_transaction(buy), "strands_later_sale"),
    }
    for outcome, (refused, code) in refusals.items():
        with pytest.raises(EntryRejected) as caught:
            refused()
        assert str(caught.value) == f"1 problem found; {outcome}" and "import" not in str(caught.value)
        assert [e.code for e in caught.value.errors] == [code] and caught.value.total == 1
        # What the window and the CLI catch; an entry is no import, and not called one.
        assert isinstance(caught.value, Rejected) and not isinstance(caught.value, ImportRejected)
    assert repo.transactions.count() == 2 and repo.transactions.by_id(buy).quantity == 100


def test_a_refused_file_is_still_an_import_rejected(service):
    with pytest.raises(ImportRejected) as caught:
        service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,0,1,HKD,,,"))
    assert not isinstance(caught.value, EntryRejected)
    assert str(caught.value) == "1 problem found; nothing was imported"


def test_a_stored_transaction_becomes_one_editable_record(service, repo):
    """Edit, undo and the exercise of a grant all turn a transaction into the
    entry dialog's fields through one function, which the dialog's parser reads back."""
    import datetime as dt

    from desktop_app.input.csv_formats import transaction_from_record, transaction_record

    tx_id = service.ledger.add_transaction(rec(price="0.000123", fees="1.5", account="IBKR", note="x"))
    stored = repo.transactions.by_id(tx_id)
    record = transaction_record(stored, repo.instruments.all()[stored.symbol])
    assert record == service.ledger.transaction_record(stored)
    assert record["price"] == "0.000123" and record["fees"] == "1.5" and record["name"] == "Zhipu"
    row, errors = transaction_from_record(record, 1, today=dt.date(2026, 12, 1))
    assert errors == [] and row is not None and row.transaction == stored
