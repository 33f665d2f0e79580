"""What the transactions table computes over all its rows at once: each
row's search text, amount and sort keys (as ranks). Pure functions of the
rows and the formats, so that they can run on a worker thread right after
the rows arrive (``prepare_in_background``) and a first sort or filter at
100k rows finds them made; the model computes whatever is not there yet
itself, the same way."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from desktop_app.core.numbers import plain
from desktop_app.core.valuation import cash_flow
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui.table_proxy import dense_ranks
from desktop_app.ui.text.formatting import Formatter

log = logging.getLogger(__name__)

TRANSACTION, ID, NAME = attrgetter("transaction"), attrgetter("id"), attrgetter("instrument.name")
DATE, TYPE, SYMBOL, ACCOUNT, NOTE, CURRENCY = map(attrgetter, ("date", "type", "symbol", "account", "note",
                                                               "currency"))


class Prepared(NamedTuple):
    """One load's texts and ranks, and what they were made from: the rows'
    digest (``rows_digest``), not the rows, so that the last load's 100k
    transactions are not kept alive beside the new ones."""

    digest: tuple[int, int]
    fmt: Formatter
    texts: list[str]
    ranks: dict[int, Any]  # numpy arrays


def rows_digest(views: Sequence[TransactionView]) -> tuple[int, int]:
    """The rows' count and the hash of all of them in order (each an equality
    hash of its id, transaction and instrument: equal rows, equal digests;
    ~1 µs a row). Equal digests stand for equal rows (a reload after a new
    close), whose texts and ranks are the same."""
    return len(views), hash(tuple(views))


def amounts_of(views: Sequence[TransactionView]) -> list[Decimal | None]:
    """Each row's amount (``cash_flow``: None for a split)."""
    return [cash_flow(v.transaction) for v in views]


def search_texts(views: Sequence[TransactionView], fmt: Formatter, type_text: Callable[[str], str],
                 amounts: Sequence[Decimal | None]) -> list[str]:
    """Each row's search text, casefolded: the text columns as displayed
    (date, type, symbol, name, account, note) and the numbers as typed
    (``1001.5``, not ``HK$1,001.50``), tab-separated. Made a column at a
    time in C-speed maps, each distinct date, type or number formatted once
    (``plain`` depends on the value only: 1.5 and 1.50 alike)."""
    ts = list(map(TRANSACTION, views))

    def column(attribute: str, text: Callable[[Any], str]) -> list[str]:
        values = list(map(attrgetter(attribute), ts))
        texts = {value: text(value) for value in set(values)}
        return list(map(texts.__getitem__, values))

    columns = (
        column("date", lambda d: f"{fmt.date(d)}\t{d.isoformat()}"),
        column("type", lambda kind: type_text(kind.value)),
        list(map(SYMBOL, ts)), list(map(NAME, views)), list(map(ACCOUNT, ts)), list(map(NOTE, ts)),
        list(map(CURRENCY, ts)), column("quantity", plain), column("price", plain),
    )
    fees = column("fees", lambda fee: "\t" + plain(fee) if fee else "")
    amount_texts = {a: "" if a is None else "\t" + plain(a) for a in set(amounts)}
    tails = map(str.__add__, fees, map(amount_texts.__getitem__, amounts))
    return list(map(str.casefold, map(str.__add__, map("\t".join, zip(*columns, strict=True)), tails)))


def date_ranks(views: Sequence[TransactionView]) -> Any:
    """The ranks of the rows' (date, id), by numpy (None if an id is not a
    62-bit integer): what the transactions are sorted by at every load."""
    import numpy as np

    ids = list(map(ID, views))
    if not all(type(i) is int and -(2**62) < i < 2**62 for i in ids):
        return None
    days = np.fromiter(map(dt.date.toordinal, map(DATE, map(TRANSACTION, views))), np.int64, len(views))
    return dense_ranks(days, np.array(ids, dtype=np.int64))


def prepare_in_background(work: Callable[[], Any], deliver: Callable[[Any], None]) -> threading.Thread:
    """Run ``work`` (pure computation) on a daemon thread and hand its result
    to ``deliver`` there (a queued signal brings it to the GUI thread). A
    failure (a model deleted meanwhile) is logged and dropped: the model
    computes what it needs itself."""

    def run() -> None:
        try:
            deliver(work())
        except Exception as exc:  # noqa: BLE001 - nothing waits for it
            log.debug("preparing the table failed: %s", type(exc).__name__)

    thread = threading.Thread(target=run, name="table-rows", daemon=True)
    thread.start()
    return thread
