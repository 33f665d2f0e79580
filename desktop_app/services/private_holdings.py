"""Valuing what has no quote: marks (direct or from a round), discounts,
option and RSU grants and their exercise, lock-ups and the IPO conversion.

Each method that writes checks everything first, names the field at fault,
and writes in one transaction; changes to the ledger keep the report cache in
step (``HoldingsCache``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.input import fields
from desktop_app.input.csv_formats import transaction_record
from desktop_app.input.transaction_entry import linked_symbols
from desktop_app.core.deliveries import vest_increments
from desktop_app.core.fx import FxTable
from desktop_app.core.fx_checks import rate_problem
from desktop_app.input.grant_entry import check_grant, whole_number
from desktop_app.core.booking import BookingIssue, BookingRules, book
from desktop_app.input.lockup_entry import check_new_lockup
from desktop_app.input.mark_entry import check_mark
from desktop_app.core.models import AssetClass, Conversion, Instrument, Lockup, Mark, Transaction, TxType
from desktop_app.core.numbers import HUNDRED, ZERO, plain
from desktop_app.core.symbols import exchange_of, listing_currency
from desktop_app.core.valuation import LedgerInconsistent
from desktop_app.core.vesting import (
    Exercise,
    Grant,
    GrantType,
    exercise_refusal,
    grant_state,
)
from desktop_app.services.deliveries import derive
from desktop_app.services.errors import EntryRejected, Gone, Problems, issue_params, refuse
from desktop_app.services.holdings_cache import HoldingsCache
from desktop_app.services.reporting import Reports
from desktop_app.services.settings import rate_error
from desktop_app.services.transactions import Transactions
from desktop_app.storage.sqlite_repository import SqliteRepository


@dataclass(frozen=True, slots=True)
class MarkResult:
    symbol: str
    created_instrument: bool
    mark_id: int | None = None
    stored: Mark | None = None  # the mark as stored (what an undo of the add checks is still there)


@dataclass(frozen=True, slots=True)
class GrantResult:
    grant_id: str
    created_instrument: bool


class PrivateHoldingsService:
    """Marks, discounts, grants, exercises, lock-ups and the IPO conversion,
    over the parts of a ``Portfolio`` (given as one; this module does not
    import it, which holds this service in turn)."""

    repo: SqliteRepository
    today: Callable[[], dt.date]
    ledger: Transactions  # an exercise books its lot as a transaction
    reports: Reports  # a conversion needs the position held
    cache: HoldingsCache

    def __init__(self, portfolio) -> None:
        self.repo = portfolio.repo
        self.today = portfolio.today
        self.ledger = portfolio.ledger
        self.reports = portfolio.reports
        self.cache = portfolio.cache

    def _date(self, text: str) -> dt.date:
        return fields.parse_date(text, today=self.today())

    # -- marks -----------------------------------------------------------------------------

    def mark_from_input(
        self, symbol: str, *, date: str, currency: str, source: str, price: str | None = None,
        valuation: str | None = None, fully_diluted_shares: str | None = None, share_class: str = "",
        note: str = "",
    ) -> Mark:
        """A mark from typed fields: a price, or a valuation and the fully
        diluted share count it is divided by (both kept with the mark)."""
        record = {"symbol": symbol, "date": date, "currency": currency, "source": source, "price": price,
                  "valuation": valuation, "fully_diluted_shares": fully_diluted_shares, "share_class": share_class,
                  "note": note}
        mark, errors = check_mark(record, today=self.today())
        if errors:
            raise EntryRejected(errors)
        assert mark is not None
        return mark

    def add_mark(self, mark: Mark, name: str = "") -> MarkResult:
        existing = self.repo.instruments.all().get(mark.symbol)
        with self.repo.write():
            if existing is None:
                self.repo.instruments.add([Instrument(mark.symbol, AssetClass.PRIVATE, mark.currency, name)])
            mark_id = self.repo.market.add_mark(mark)
            self.cache.prices_changed(self._priced_by(mark.symbol))
            stored = self.repo.market.mark_by_id(mark_id)
        return MarkResult(mark.symbol, existing is None, mark_id, stored)

    def update_mark(self, mark_id: int, mark: Mark) -> None:
        old = self.repo.market.mark_by_id(mark_id)
        if old is None:
            raise Gone("that mark no longer exists", "mark_gone")
        with self.repo.write():
            self.repo.market.update_mark(mark_id, mark)
            self.cache.prices_changed(self._priced_by(old.symbol) | self._priced_by(mark.symbol))

    def delete_mark(self, mark_id: int, expected: Mark | None = None) -> Mark:
        """Delete mark ``mark_id``; with ``expected`` (an undo of its add), only
        while it is still that mark: another program may have deleted it and
        SQLite given its id to a newer mark, which must not be destroyed."""
        with self.repo.write():
            old = self.repo.market.mark_by_id(mark_id)
            if old is None:
                raise Gone("that mark no longer exists", "mark_gone")
            if expected is not None and old != expected:
                raise Gone("that mark was changed since (by another program): it keeps its newer values, "
                           "nothing was undone", "mark_changed")
            self.repo.market.delete_mark(mark_id)
            self.cache.prices_changed(self._priced_by(old.symbol))
        return old

    def set_discount(self, symbol: str, pct: str) -> Decimal | None:
        p = Problems()
        sym = p.parse("symbol", fields.parse_symbol, symbol)
        value = p.parse("discount_pct", fields.parse_amount, pct)
        if value is not None and value >= HUNDRED:
            p.add("discount_pct", "must be below 100", "below_100")
        if sym is not None and sym not in self.repo.instruments.all():
            p.add("symbol", f"{sym} is not in this database", "unknown_symbol", (sym,))
        p.raise_any()
        stored = None if not value else value
        with self.repo.write():
            self.repo.instruments.set_discount(sym, stored)
            self.cache.prices_changed({sym})
        return stored

    def set_stale_days(self, symbol: str, days: str | None) -> None:
        p = Problems()
        sym = p.parse("symbol", fields.parse_symbol, symbol)
        value = None if days in (None, "") else p.parse("stale_days", whole_number, days)
        if sym is not None and sym not in self.repo.instruments.all():
            p.add("symbol", f"{sym} is not in this database", "unknown_symbol", (sym,))
        p.raise_any()
        with self.repo.write():
            self.repo.instruments.set_stale_days(sym, value)

    def _priced_by(self, symbol: str) -> set[str]:
        """``symbol`` and the listing its marks are carried into after an IPO conversion."""
        return {symbol} | {c.to_symbol for c in self.repo.holdings.conversions() if c.from_symbol == symbol}

    # -- grants ------------------------------------------------------------------------------

    def grant_from_input(
        self, *, symbol: str, type: str, granted: str, quantity: str, currency: str, vesting_start: str,
        cliff_months: str, vesting_months: str, frequency: str, strike: str | None = None,
        expires: str | None = None, terminated: str | None = None, exercise_window_days: str = "90",
        grant_id: str | None = None,
    ) -> Grant:
        record = {"id": grant_id, "symbol": symbol, "type": type, "granted": granted, "quantity": quantity,
                  "currency": currency, "vesting_start": vesting_start, "cliff_months": cliff_months,
                  "vesting_months": vesting_months, "frequency": frequency, "strike": strike, "expires": expires,
                  "terminated": terminated, "exercise_window_days": exercise_window_days}
        return self.grant_from_record(record)

    def grant_from_record(self, record: dict[str, str | None]) -> Grant:
        """A grant typed into a form (the window's, or the CLI's flags as a record):
        every problem at once, or the grant with its id (given or the next free one)."""
        grant, errors = check_grant(record, today=self.today())
        if errors:
            raise EntryRejected(errors)
        assert grant is not None
        return self.name_grant(grant)

    def name_grant(self, grant: Grant) -> Grant:
        """Give a grant without an id the next free ``SYMBOL-n``; refuse a taken id."""
        from dataclasses import replace

        taken = self.repo.holdings.grant_ids()
        if grant.id:
            if grant.id in taken:
                raise refuse("id", f"a grant named {grant.id} already exists", "grant_taken", (grant.id,))
            return grant
        n = 1
        while f"{grant.symbol}-{n}" in taken:
            n += 1
        return replace(grant, id=f"{grant.symbol}-{n}")

    def add_grant(self, grant: Grant, name: str = "") -> GrantResult:
        converted = next((c for c in self.repo.holdings.conversions() if c.from_symbol == grant.symbol), None)
        if converted is not None:  # the conversion restated the grants it found; a later one would stay private
            raise refuse("symbol", f"{grant.symbol} became {converted.to_symbol} at its IPO on "
                         f"{converted.date.isoformat()}: record the grant on {converted.to_symbol}", "converted",
                         (converted.to_symbol, converted.date.isoformat()))
        existing = self.repo.instruments.all().get(grant.symbol)
        with self.repo.write():
            if existing is None:
                self.repo.instruments.add([Instrument(grant.symbol, AssetClass.PRIVATE, grant.currency, name)])
            self.repo.holdings.add_grant(grant)
            self.cache.prices_changed({grant.symbol})  # an RSU's deliveries join the holding
        return GrantResult(grant.id, existing is None)

    def set_termination(self, grant_id: str, date: str | None) -> None:
        p = Problems()
        day = p.parse("terminated", self._date, date) if date else None
        grant = next((g for g in self.repo.holdings.grants() if g.id == grant_id), None)
        if grant is None:
            p.add("grant_id", f"no grant named {grant_id}", "no_grant", (grant_id,))
        elif day is not None and day < grant.granted:
            p.add("terminated", "is before the grant date", "before_grant")
        elif day is not None:
            from dataclasses import replace

            left = replace(grant, terminated=day)
            recorded = [e for e in self.repo.holdings.exercises() if e.grant_id == grant_id]
            deadline = left.exercise_deadline
            if any(deadline is not None and e.date > deadline for e in recorded):
                p.add("terminated", "an exercise is recorded after the exercise window this would close",
                      "exercise_after_window")
            elif any(sum((x.quantity for x in recorded if x.date <= e.date), ZERO) > left.vested(e.date)
                     for e in recorded):
                p.add("terminated", "more would be exercised than had vested by then", "exercised_unvested")
            elif (stranded := self._stranded_by(left)) is not None:
                p.add("terminated", "fewer RSUs would be delivered, and then a recorded transaction: "
                      f"{stranded.message}", "leaving_strands", issue_params(stranded))
        p.raise_any()
        with self.repo.write():
            self.repo.holdings.set_termination(grant_id, day)
            self.cache.prices_changed({grant.symbol})  # an RSU delivers nothing after leaving

    def _rule_issues(self, symbols: set[str], conversions: list[Conversion]) -> list[tuple[object, str, BookingIssue]]:
        """What the input rules refuse in the stored history of ``symbols``
        (and the symbols linked to them), as (transaction ref, code, issue)."""
        linked = linked_symbols(symbols, conversions)
        issues = book(self.repo.transactions.all(symbols=linked), conversions=conversions,
                      rules=BookingRules(self.repo.holdings.lockups(), conversions),
                      deliveries=derive(self.repo, linked)).issues
        return [(i.transaction.ref, i.code, i) for i in issues]

    def _stranded_by(self, changed: Grant) -> BookingIssue | None:
        """An RSU grant changed so that it delivers less: the first recorded
        transaction that the input rules would then refuse (a sale of more
        than is held, a dividend on more than is held, a sale into locked
        shares) and did not before, or None."""
        if changed.type is not GrantType.RSU:
            return None
        conversions = self.repo.holdings.conversions()
        linked = linked_symbols({changed.symbol}, conversions)
        grants = [changed if g.id == changed.id else g for g in self.repo.holdings.grants()]
        stored = self.repo.transactions.all(symbols=linked)
        rules = BookingRules(self.repo.holdings.lockups(), conversions)
        before = {(id(i.transaction), i.code) for i in book(
            stored, conversions=conversions, rules=rules, deliveries=derive(self.repo, linked)).issues}
        issues = [i for i in book(stored, conversions=conversions, rules=rules,
                                  deliveries=derive(self.repo, linked, grants)).issues
                  if (id(i.transaction), i.code) not in before]
        return issues[0] if issues else None

    def exercise(self, grant_id: str, *, date: str, quantity: str) -> Exercise:
        """Spend the strike and receive a lot of the underlying at the strike,
        dated the exercise day. Refused when more than is exercisable or after
        the deadline."""
        p = Problems()
        day = p.parse("date", self._date, date)
        qty = p.parse("quantity", lambda s: fields.parse_amount(s, positive=True), quantity)
        grant = next((g for g in self.repo.holdings.grants() if g.id == grant_id), None)
        if grant is None:
            p.add("grant_id", f"no grant named {grant_id}", "no_grant", (grant_id,))
        p.raise_any()
        assert grant is not None and day is not None and qty is not None
        exercises = self.repo.holdings.exercises()
        state = grant_state(grant, day, exercises)
        refusal = exercise_refusal(state, qty, day, exercises)
        if refusal:
            raise refuse("quantity", *refusal)
        instrument = self.repo.instruments.all()[grant.symbol]
        if instrument.currency != grant.currency:
            raise refuse("", f"the strike is in {grant.currency} but {grant.symbol} is recorded in "
                             f"{instrument.currency}; record the exercise as a buy instead", "strike_currency",
                         (grant.currency, grant.symbol, instrument.currency))
        record = transaction_record(Transaction(day, TxType.BUY, grant.symbol, qty, grant.strike, grant.currency,
                                                note=f"exercise of grant {grant.id}"), instrument)
        exercise = Exercise(grant.id, day, qty)
        with self.repo.write():  # the lot and the exercise land together, or neither does
            tx_id = self.ledger.add_transaction(record)
            self.repo.holdings.add_exercise(exercise, qty * grant.strike, int(tx_id))
        return exercise

    # -- lock-ups and the IPO -------------------------------------------------------------------

    def add_lockup(self, symbol: str, *, until: str, quantity: str | None = None, reason: str = "",
                   lot_date: str | None = None, start: str | None = None) -> Lockup:
        """Refused when already over, larger than the holding (or the lot), on
        a private symbol already converted, or over a stored sale it would
        have blocked (a lock-up has no first day)."""
        p = Problems()
        sym = p.parse("symbol", fields.parse_symbol, symbol)
        if sym is not None and sym not in self.repo.instruments.all():
            p.add("symbol", f"{sym} is not in this database", "unknown_symbol", (sym,))
        converted = next((c for c in self.repo.holdings.conversions() if c.from_symbol == sym), None)
        if converted is not None:
            p.add("symbol", f"{sym} became {converted.to_symbol} at its IPO on {converted.date.isoformat()}: "
                            f"add the lock-up to {converted.to_symbol}", "converted",
                  (converted.to_symbol, converted.date.isoformat()))
        p.raise_any()
        conversions = self.repo.holdings.conversions()
        record = {"until": until, "quantity": quantity, "lot_date": lot_date, "reason": reason, "start": start}
        linked = linked_symbols({sym}, conversions)
        history = [*self.repo.transactions.all(symbols=linked), *derive(self.repo, linked)]
        lockup, errors = check_new_lockup(record, symbol=sym, today=self.today(), conversions=conversions,
                                          history=history,
                                          lockups=self.repo.holdings.lockups())
        p.extend(errors)
        p.raise_any()
        assert lockup is not None
        with self.repo.write():
            self.repo.holdings.add_lockup(lockup)
        return lockup

    def convert(self, source: str, target: str, *, date: str, ratio: str, currency: str | None = None,
                fx_rate: str | None = None, name: str = "", merge: bool = False) -> Conversion:
        """A private holding becomes a listed one: quantity x ratio, cost
        carried over (into the listing's currency at ``fx_rate`` or the stored
        rate of the day), lots keep their acquisition dates. A listing already
        held or converted into before ``date`` is refused unless ``merge``
        (unlisted shares of a listed company becoming listed ones, say): a
        mistyped target would add one company's shares to another's."""
        p = Problems()
        from_sym = p.parse("from_symbol", fields.parse_symbol, source)
        to_sym = p.parse("target", fields.parse_symbol, target)
        day = p.parse("date", self._date, date)
        r = p.parse("ratio", lambda s: fields.parse_amount(s, positive=True), ratio)
        ccy = p.parse("currency", fields.parse_currency, currency) if currency else None
        rate = p.parse("fx_rate", lambda s: fields.parse_amount(s, positive=True), fx_rate) if fx_rate else None
        p.raise_any()
        instruments = self.repo.instruments.all()
        origin = instruments.get(from_sym)
        if origin is None:
            raise refuse("from_symbol", f"{from_sym} is not in this database", "unknown_symbol", (from_sym,))
        if from_sym == to_sym:
            raise refuse("target", "must differ from the holding converted", "same_symbol")
        if origin.asset_class is not AssetClass.PRIVATE:
            raise refuse("from_symbol", f"{from_sym} is already listed", "already_listed", (from_sym,))
        if any(c.from_symbol == from_sym for c in self.repo.holdings.conversions()):
            raise refuse("from_symbol", f"{from_sym} has already been converted", "already_converted", (from_sym,))
        report = self.reports.report(as_of=day)
        held = next((h.position.quantity for h in report.holdings if h.symbol == from_sym), ZERO)
        if not held:
            raise refuse("from_symbol", f"no {from_sym} is held on {day.isoformat()}", "nothing_held")
        later = [t for t in self.repo.transactions.all(symbols={from_sym}) if t.date >= day]
        if later:  # from its conversion day on, the holding is the listed one (see BookingRules)
            raise refuse("from_symbol", f"{from_sym} has transactions on or after {day.isoformat()}; "
                         "record them on the listed symbol instead", "later_transactions", (from_sym, day.isoformat()))
        destination = instruments.get(to_sym)
        to_ccy = destination.currency if destination else (ccy or listing_currency(to_sym) or origin.currency)
        if destination is not None and destination.asset_class is not AssetClass.LISTED:
            raise refuse("target", f"{to_sym} is a private holding", "target_private", (to_sym,))
        if destination is not None and not merge and (earlier := self._listed_before(to_sym, day)) is not None:
            raise refuse("target", f"{to_sym} was listed before {day.isoformat()} ({earlier[1]}): a private holding "
                         "converts into its own listing at its IPO", "target_listed_before",
                         (to_sym, day.isoformat(), earlier[0].isoformat()))
        restated = frozenset(g.id for g in self.repo.holdings.grants() if g.symbol == from_sym)
        conversion = Conversion(day, from_sym, to_sym, r, self._carry_rate(origin.currency, to_ccy, rate, day),
                                restated)
        before = self._rule_issues({from_sym, to_sym}, self.repo.holdings.conversions())
        with self.repo.write():
            if destination is None:
                self.repo.instruments.add([Instrument(to_sym, AssetClass.LISTED, to_ccy, name or origin.name,
                                                      exchange_of(to_sym))])
            self.repo.holdings.add_conversion(conversion)
            # Grants and lock-ups on the private shares follow them, restated per new share.
            for grant in self.repo.holdings.grants():
                if grant.id in restated:
                    self.repo.holdings.update_grant(restate_grant(grant, conversion, origin.currency, to_ccy))
                    self.repo.holdings.scale_exercises(grant.id, r)
            self.repo.holdings.move_lockups(from_sym, to_sym, r, held, day)
            known = {(ref, code) for ref, code, _ in before}
            broken = [i for i in self._rule_issues({from_sym, to_sym}, self.repo.holdings.conversions())
                      if (i[0], i[1]) not in known]
            if broken:  # e.g. a lock-up carried over that a recorded sale of the listing dips into; rolls back
                raise refuse("from_symbol", "after this conversion a recorded transaction would be refused: "
                             f"{broken[0][2].message}", "conversion_refuses", issue_params(broken[0][2]))
            try:
                self.cache.ledger_changed({from_sym, to_sym})
            except LedgerInconsistent as exc:  # rolls the conversion back
                # The grants it restates deliver listed shares from its day on (``core.deliveries``):
                # should that strand a recorded sale, the conversion is refused.
                first = exc.issues[0] if exc.issues else None
                raise refuse("from_symbol", "after this conversion RSU vests would be booked differently, "
                             f"and a recorded sale {exc}", "conversion_rebooks_rsu" if first else "",
                             issue_params(first) if first else ()) from None
        return conversion


    def _listed_before(self, symbol: str, day: dt.date) -> tuple[dt.date, str] | None:
        """The first sign of ``symbol`` listed before ``day`` (a transaction,
        a conversion into it, or an RSU delivery of it): its date and what it was, or None. Holdings
        that list into one symbol at its IPO convert on the same day."""
        signs = [(t.date, f"a {t.type.value} on {t.date.isoformat()}")
                 for t in self.repo.transactions.all(symbols={symbol})[:1] if t.date < day]
        conversions = self.repo.holdings.conversions()
        signs += [(c.date, f"{c.from_symbol} became {symbol} on {c.date.isoformat()}")
                  for c in conversions if c.to_symbol == symbol and c.date < day]
        # An RSU grant on the listing that delivered its shares before ``day`` (held with no transaction);
        # not one a conversion restated (granted on private shares: those converted on their IPO day, above).
        signs += [(when, f"RSU grant {g.id} delivered {plain(units)} on {when.isoformat()}")
                  for g in self.repo.holdings.grants() if g.type is GrantType.RSU and g.symbol == symbol
                  and not any(g.id in c.restated for c in conversions)
                  for when, units in vest_increments(g) if when < day]
        return min(signs, default=None)

    def _carry_rate(self, from_ccy: str, to_ccy: str, typed: Decimal | None, day: dt.date) -> Decimal:
        """The rate a conversion carries the cost at: the one typed (checked as
        set_fx checks a rate), else 1 in one currency, else the stored rate of the day."""
        if typed is not None and to_ccy != from_ccy:
            problem = rate_problem(from_ccy, to_ccy, typed, day, self.repo.market.fx_rates())
            if problem is not None:
                raise EntryRejected([rate_error("fx_rate", problem, from_ccy, to_ccy, typed,
                                                f" (the rate is 1 {from_ccy} in {to_ccy})")])
        if typed is not None:
            return typed
        if to_ccy == from_ccy:
            return Decimal(1)
        rate = FxTable(self.repo.market.fx_rates(until=day)).rate(from_ccy, to_ccy, day)
        if rate is None:
            raise refuse("fx_rate", f"no {from_ccy}->{to_ccy} rate on or before {day.isoformat()}",
                         "no_rate", (from_ccy, to_ccy, day.isoformat()))
        return rate


def restate_grant(grant: Grant, conversion: Conversion, from_currency: str, to_currency: str) -> Grant:
    """A grant on the private shares, restated on the listed ones: R new shares
    for each old one, the strike divided by R (and converted at the conversion's
    rate when it was in the private shares' currency)."""
    from dataclasses import replace

    strike, currency = grant.strike / conversion.ratio, grant.currency
    if grant.currency == from_currency and from_currency != to_currency:
        strike, currency = strike * conversion.fx_rate, to_currency
    return replace(grant, symbol=conversion.to_symbol, quantity=grant.quantity * conversion.ratio,
                   strike=strike, currency=currency)
