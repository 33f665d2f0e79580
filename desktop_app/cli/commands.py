"""Every command of ``paperwealth-cli``: one function each, with its flags.

The order here is the order of ``paperwealth-cli --help``. Output text, exit
codes and stdout/stderr are part of the contract.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop_app.cli.files import ImportMeter, read_bytes, readable, refuse_protected, write_file
from desktop_app.cli.table import EXIT_OK, EXIT_REFRESH_FAILED, BadInput, Call, arg, command


def _plural(n: int, word: str) -> str:
    return f"{word}{'s' if n != 1 else ''}"


_SYMBOL = {"symbol": "SYMBOL"}
_GRANT = {"grant_id": "GRANT_ID"}
_BASE = {"base_currency": "--base"}


@command("init", "create or migrate the database")
def init(call: Call) -> None:
    repo = call.repo
    with repo.write():
        call.service.cache.ledger_changed(None)  # rebuild derived data (e.g. after an upgrade)
    print(f"Database ready: {repo.path} (schema version {repo.schema_version})")


@command("import-transactions", "import transactions: our CSV, an IBKR Flex, Ghostfolio or Wealthfolio export, "
         "or any CSV through a mapping",
         arg("file", metavar="FILE"),
         arg("--format", default="auto", choices=("auto", "paperwealth", "ibkr", "ghostfolio", "wealthfolio", "mapping"),
             help="the file's format (default: recognised by its content)"),
         arg("--mapping", metavar="MAPPING", help="a mapping's JSON file or saved name (implies --format mapping)"),
         arg("--account", metavar="NAME", help="the account of every row the file gives none"),
         arg("--dry-run", action="store_true", help="show what would be imported, and write nothing"),
         arg("--allow-duplicates", action="store_true",
             help="import rows even when they are already in the ledger (from an earlier import)"))
def import_transactions(call: Call) -> None:
    from desktop_app.cli.import_text import run_import

    run_import(call)


@command("export-transactions", "export all transactions as CSV",
         arg("file", metavar="FILE.csv", help="output file, or - for standard output"),
         reads=True)
def export_transactions(call: Call) -> None:
    text = call.service.ledger.export_transactions()
    if call.args.file == "-":
        sys.stdout.write(text)
    else:
        write_file(call.args.file, text.encode("utf-8"), call.repo.path)
        print(f"Exported {text.count(chr(10)) - 1} transactions to {call.args.file}")


@command("import-prices", "import dated closes (date,symbol,close,currency)",
         arg("file", metavar="FILE.csv"))
def import_prices(call: Call) -> None:
    from dataclasses import replace

    from desktop_app.services.errors import ImportRejected

    try:
        result = call.service.ledger.import_prices(read_bytes(call.args.file))
    except ImportRejected as exc:  # a private holding's prices: this command names the one that records them
        raise ImportRejected([replace(e, message=f"{e.params[0]} is a private holding: record its prices with add-mark")
                              if e.code == "private_prices" else e for e in exc.errors], exc.total) from None
    print(f"Stored {result.imported} {_plural(result.imported, 'price')}.")
    if result.new_instruments:
        print("New listed instruments: " + ", ".join(result.new_instruments))


@command("add-mark", "record a dated manual price (or a round's valuation)",
         arg("symbol", metavar="SYMBOL"),
         arg("--date", required=True, metavar="D"),
         arg("--price", default=None, metavar="P"),
         arg("--valuation", default=None, metavar="V", help="with --fully-diluted-shares: price = V / N"),
         arg("--fully-diluted-shares", default=None, metavar="N"),
         arg("--currency", required=True, metavar="C"),
         arg("--source", required=True, metavar="KIND",
             help="round, secondary, bid, ask, tender, fund_nav, fair_value, estimate or manual"),
         arg("--share-class", default="", metavar="C", help="common, preferred, SPV unit, ..."),
         arg("--note", default="", metavar="TEXT"),
         arg("--name", default="", metavar="TEXT", help="name for a new private instrument"),
         fields=_SYMBOL)
def add_mark(call: Call) -> None:
    from desktop_app.core.numbers import price_text

    args, private = call.args, call.private
    mark = private.mark_from_input(args.symbol, date=args.date, price=args.price, valuation=args.valuation,
                                   fully_diluted_shares=args.fully_diluted_shares, currency=args.currency,
                                   source=args.source, share_class=args.share_class, note=args.note)
    result = private.add_mark(mark, name=args.name)
    if result.created_instrument:
        print(f"{result.symbol} was not known: created it as a private instrument.")
    derived = f" (derived: {mark.valuation} / {mark.fully_diluted_shares})" if mark.valuation else ""
    print(f"Mark recorded for {result.symbol}: {price_text(mark.price)} {mark.currency}{derived}.")


@command("set-discount", "value a holding's marks PCT percent lower",
         arg("symbol", metavar="SYMBOL"),
         arg("pct", metavar="PCT", help="0 removes the discount"),
         fields={**_SYMBOL, "discount_pct": "PCT"})
def set_discount(call: Call) -> None:
    pct = call.private.set_discount(call.args.symbol, call.args.pct)
    print(f"Discount {'removed' if pct is None else f'set to {pct}%'}.")


@command("set-stale-days", "a holding's own staleness threshold",
         arg("symbol", metavar="SYMBOL"),
         arg("days", metavar="DAYS", nargs="?", default=None, help="omit to use the default again"),
         fields={**_SYMBOL, "stale_days": "DAYS"})
def set_stale_days(call: Call) -> None:
    days = call.args.days
    call.private.set_stale_days(call.args.symbol, days)
    print("Staleness threshold " + (f"set to {days} days." if days else "reset to the default."))


@command("add-grant", "record an option or RSU grant; prints its id",
         arg("--symbol", required=True, metavar="S"),
         arg("--type", required=True, metavar="option|rsu"),
         arg("--granted", required=True, metavar="D"),
         arg("--quantity", required=True, metavar="N"),
         arg("--strike", default=None, metavar="K"),
         arg("--currency", required=True, metavar="C"),
         arg("--vesting-start", required=True, metavar="D"),
         arg("--cliff-months", required=True, metavar="C"),
         arg("--vesting-months", required=True, metavar="M"),
         arg("--frequency", required=True, metavar="monthly|quarterly|annually"),
         arg("--expires", default=None, metavar="D"),
         arg("--terminated", default=None, metavar="D"),
         arg("--exercise-window-days", default="90", metavar="DAYS"),
         arg("--id", dest="grant_id", default=None, metavar="NAME"),
         arg("--name", default="", metavar="TEXT", help="name for a new private underlying"))
def add_grant(call: Call) -> None:
    args, private = call.args, call.private
    grant = private.grant_from_input(
        symbol=args.symbol, type=args.type, granted=args.granted, quantity=args.quantity,
        currency=args.currency, vesting_start=args.vesting_start, cliff_months=args.cliff_months,
        vesting_months=args.vesting_months, frequency=args.frequency, strike=args.strike,
        expires=args.expires, terminated=args.terminated, exercise_window_days=args.exercise_window_days,
        grant_id=args.grant_id)
    result = private.add_grant(grant, name=args.name)
    if result.created_instrument:
        print(f"{grant.symbol} was not known: created it as a private instrument.", file=sys.stderr)
    print(result.grant_id)


@command("set-termination", "record leaving (stops vesting, opens the window)",
         arg("grant_id", metavar="GRANT_ID"),
         arg("date", metavar="D", nargs="?", default=None, help="omit to clear"),
         fields=_GRANT)
def set_termination(call: Call) -> None:
    call.private.set_termination(call.args.grant_id, call.args.date)
    print(f"Termination {'recorded' if call.args.date else 'cleared'} for {call.args.grant_id}.")


@command("exercise", "exercise options: pay the strike, receive shares",
         arg("grant_id", metavar="GRANT_ID"),
         arg("--date", required=True, metavar="D"),
         arg("--quantity", required=True, metavar="N"),
         fields=_GRANT)
def exercise(call: Call) -> None:
    done = call.private.exercise(call.args.grant_id, date=call.args.date, quantity=call.args.quantity)
    print(f"Exercised {done.quantity} of {done.grant_id} on {done.date.isoformat()}.")


@command("add-lockup", "shares that cannot be sold until a date",
         arg("symbol", metavar="SYMBOL"),
         arg("--until", required=True, metavar="D", help="the last locked day"),
         arg("--quantity", default=None, metavar="N",
             help="default: the whole holding; counted in the shares of --lot-date, else of --from: a split after "
                  "that day scales it"),
         arg("--lot-date", default=None, metavar="D", help="lock only the lots bought on this day"),
         arg("--reason", default="", metavar="TEXT"),
         arg("--from", dest="start", default=None, metavar="D",
             help="the first locked day (default: none, locked since ever; sales before it stand)"),
         fields={**_SYMBOL, "start": "--from"})
def add_lockup(call: Call) -> None:
    args = call.args
    lock = call.private.add_lockup(args.symbol, until=args.until, quantity=args.quantity, reason=args.reason,
                                   lot_date=args.lot_date, start=args.start)
    what = "all of it" if lock.quantity is None else f"{lock.quantity} shares"
    if lock.lot_date:
        what += f" of the lots bought on {lock.lot_date.isoformat()}"
    since = f" (from {lock.start.isoformat()})" if lock.start else ""
    print(f"{lock.symbol}: {what} locked until {lock.until.isoformat()}{since}.")


def _convert_words(problem, args) -> str | None:
    if problem.code == "same_symbol":
        return "TO: must differ from FROM"
    if problem.code in ("fx_contradicts", "fx_inverse", "fx_out_of_bounds"):  # the message ends "(the rate is ...)"
        return f"--fx-rate: {problem.message[:-1]}; a wrong stored rate is corrected with set-fx --force)"
    if problem.code == "no_rate":
        return f"--fx-rate: {problem.message}; give one with --fx-rate"
    if problem.code == "target_listed_before":
        return f"TO: {problem.message}; check TO, or --merge adds the shares to {problem.params[0]} anyway"
    return None


@command("convert", "a private holding becomes a listed one at an IPO",
         arg("source", metavar="FROM"),
         arg("target", metavar="TO"),
         arg("--date", required=True, metavar="D"),
         arg("--ratio", required=True, metavar="R", help="new shares per old share (or per RMB 1 capital)"),
         arg("--currency", default=None, metavar="C", help="the listing's currency, for a new TO"),
         arg("--fx-rate", default=None, metavar="X", help="1 FROM currency in TO currency (default: stored)"),
         arg("--name", default="", metavar="TEXT"),
         arg("--merge", action="store_true",
             help="add the shares to TO even when TO was held or converted into before D (unlisted shares of a "
                  "listed company becoming listed ones)"),
         fields={"from_symbol": "FROM", "target": "TO"}, words=_convert_words)
def convert(call: Call) -> None:
    args = call.args
    c = call.private.convert(args.source, args.target, date=args.date, ratio=args.ratio, currency=args.currency,
                             fx_rate=args.fx_rate, name=args.name, merge=args.merge)
    print(f"{c.from_symbol} became {c.to_symbol} on {c.date.isoformat()} at {c.ratio} for 1.")


@command("deadlines", "vest dates, exercise deadlines, lock-up ends, stale marks",
         arg("--as-of", default=None, metavar="DATE"),
         arg("--days", type=int, default=365, metavar="N", help="look this far ahead (default 365)"),
         arg("--json", action="store_true"),
         reads=True)
def deadlines(call: Call) -> None:
    from desktop_app.core.deadlines import upcoming

    args, service = call.args, call.service
    report = service.reports.report(as_of=args.as_of)
    items = upcoming(report, service.reports.lockups(report.as_of), horizon_days=args.days,
                     staleness=service.settings.staleness())
    if args.json:
        json.dump([{"date": d.date.isoformat(), "kind": d.kind, "symbol": d.symbol, "grant_id": d.grant_id,
                    "days_left": d.days_left, "quantity": None if d.quantity is None else str(d.quantity),
                    "detail": d.detail, **({"cash_needed": str(d.cash_needed), "currency": d.currency}
                                           if d.cash_needed is not None else {})}
                   for d in items], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not items:
        print("Nothing due.")
    for d in items:
        print(f"{d.date.isoformat()}  {d.days_left:>5} d  {d.kind:<18} {d.symbol:<10} {d.detail}")


def _set_fx_words(problem, args) -> str | None:
    from desktop_app.core.numbers import plain
    from desktop_app.input import fields

    if problem.code == "same_currency":
        return "FROM and TO are the same currency"
    if problem.code not in ("fx_contradicts", "fx_inverse", "fx_out_of_bounds"):
        return None
    fix = "; --force stores it anyway"
    if problem.code == "fx_inverse":  # the rate was parsed, or there would be no such problem
        b, q = fields.parse_currency(args.base), fields.parse_currency(args.quote)
        r = plain(fields.parse_amount(args.rate, positive=True))
        fix = f"; did you mean 1 {q} = {r} {b} (set-fx {q} {b} {r})? --force stores it anyway"
    return f"RATE: {problem.message}{fix}"


@command("set-fx", "store an exchange rate: 1 FROM = RATE TO",
         arg("base", metavar="FROM"),
         arg("quote", metavar="TO"),
         arg("rate", metavar="RATE"),
         arg("--date", default=None, metavar="D", help="default: today"),
         arg("--force", action="store_true",
             help="store it even when it is 10x or more away from the pair's stored rate nearest its date"),
         fields={"from_currency": "FROM", "to_currency": "TO", "rate": "RATE"}, words=_set_fx_words)
def set_fx(call: Call) -> None:
    args = call.args
    fx = call.service.settings.set_fx(args.base, args.quote, args.rate, args.date, force=args.force)
    print(f"1 {fx.base} = {fx.rate} {fx.quote} on {fx.date.isoformat()}")


@command("report", "holdings, gains and totals",
         arg("--json", action="store_true", help="print the JSON document"),
         arg("--csv", default=None, metavar="FILE.csv",
             help="also write the holdings as CSV (- for standard output, instead of the table)"),
         arg("--as-of", default=None, metavar="DATE"),
         arg("--base", default=None, metavar="CCY"),
         arg("--cost-method", default=None, metavar="fifo|average"),
         reads=True, fields=_BASE)
def report(call: Call) -> int | None:
    args = call.args
    result = call.service.reports.report(as_of=args.as_of, base=args.base, cost_method=args.cost_method)
    if args.csv is not None:
        from desktop_app.services.report_format import holdings_csv

        text = holdings_csv(result)
        if args.csv == "-":
            if args.json:
                raise BadInput("--csv -: standard output already carries the --json document")
            sys.stdout.write(text)
            return EXIT_OK
        # With a byte-order mark, so that Excel reads the Chinese names.
        write_file(args.csv, text.encode("utf-8-sig"), call.repo.path)
        print(f"Wrote {len(result.holdings)} holdings to {args.csv}", file=sys.stderr)
    if args.json:
        from desktop_app.services.report_format import report_document

        json.dump(report_document(result), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from desktop_app.cli.report_text import report_table

        sys.stdout.write(report_table(result))
    return None


@command("refresh", "fetch closes, latest prices and FX from Yahoo Finance",
         arg("--symbols", nargs="+", metavar="S", help="only these listed symbols (default: all, plus FX)"),
         arg("--time-limit", type=float, default=120.0, metavar="SECONDS",
             help="give up on what is left after this long (default 120)"))
def refresh(call: Call) -> int:
    from desktop_app.app import make_price_source
    from desktop_app.services.price_service import PriceService

    service = PriceService(call.repo, make_price_source())
    result = service.refresh(call.args.symbols, time_limit=call.args.time_limit)
    if result.offline:
        # The error says itself that Yahoo Finance cannot be reached, and why.
        print(f"error: offline: {(result.results or result.benchmarks)[0].error}; stored prices are unchanged",
              file=sys.stderr)
        return EXIT_REFRESH_FAILED
    for r in result.results:
        if r.ok:
            last = f"last {r.last_close} on {r.last_date.isoformat()}" if r.last_date else "no closes yet"
            print(f"{r.symbol}: {r.stored} new {_plural(r.stored, 'close')}, {last}")
    for r in result.failures:
        print(f"error: {r.symbol}: {r.error}", file=sys.stderr)
    for r in result.benchmarks:
        if r.ok:
            last = f"last {r.last_close} on {r.last_date.isoformat()}" if r.last_date else "no closes yet"
            print(f"{r.symbol} (benchmark): {r.stored} new {_plural(r.stored, 'close')}, {last}")
        else:  # on stdout: a benchmark fails no refresh, stderr names the holdings' errors
            print(f"{r.symbol} (benchmark): not refreshed: {r.error}")
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_REFRESH_FAILED


def _history_rows(h) -> list[dict]:
    """Closes and marks by date, each point in its own currency (a mark may be
    in another than the holding's)."""
    from desktop_app.core.numbers import price_text

    if h.instrument.asset_class.value == "listed" or h.closes:
        rows = [{"date": q.date.isoformat(), "close": price_text(q.close), "source": "quote",
                 "currency": q.currency} for q in h.closes]
    else:
        rows = []
    rows += [{"date": m.date.isoformat(), "close": price_text(m.price), "source": m.source.value, "note": m.note,
              "currency": m.currency, "share_class": m.share_class,
              "valuation": None if m.valuation is None else format(m.valuation, "f"),
              "fully_diluted_shares": None if m.fully_diluted_shares is None else format(m.fully_diluted_shares, "f")}
             for m in h.marks]
    rows.sort(key=lambda r: (r["date"], r["source"] != "quote"))
    return rows


@command("history", "stored daily closes (or marks) of one symbol",
         arg("symbol", metavar="SYMBOL"),
         arg("--from", dest="start", default=None, metavar="D"),
         arg("--to", dest="end", default=None, metavar="D"),
         arg("--json", action="store_true"),
         reads=True, fields={**_SYMBOL, "from_date": "--from", "to_date": "--to"},
         words=lambda problem, args: "--from is after --to" if problem.code == "after_end" else None)
def history(call: Call) -> None:
    args = call.args
    h = call.service.reports.price_history(args.symbol, args.start, args.end)
    rows = _history_rows(h)
    if args.json:
        doc = {"symbol": h.instrument.symbol, "asset_class": h.instrument.asset_class.value,
               "currency": h.instrument.currency, "from": h.start.isoformat() if h.start else None,
               "to": h.end.isoformat() if h.end else None, "closes": rows}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not rows:
        print(f"No prices stored for {h.instrument.symbol} in that range.")
        return
    print(f"{h.instrument.symbol} ({h.instrument.currency})")
    for r in rows:
        print(f"{r['date']}  {r['close']:>14} {r['currency']}  {r['source']}")


@command("backup", "copy the database (default: into its backups folder)",
         arg("file", metavar="FILE", nargs="?", default=None),
         reads=True)
def backup(call: Call) -> None:
    from desktop_app.services.backups import backups_folder

    repo = call.repo
    target = Path(call.args.file).expanduser() if call.args.file else None
    if target is not None:
        refuse_protected(target, repo.path, allow_backups=True)  # a named backup may go there
        if target.exists():
            raise BadInput(f"{target} exists; choose a new file name")
    try:
        written = repo.backup(target)
    except OSError as exc:  # a read-only folder, a full disk
        where = exc.filename or (target or backups_folder(repo.path))
        raise BadInput(f"cannot write a backup to {where}: {exc.strerror or exc}") from None
    print(f"Backup written: {written}")


@command("restore", "replace the database with a checked backup",
         arg("file", metavar="FILE"),
         opens_ledger=False)
def restore(call: Call) -> None:
    from desktop_app.services.backups import RestoreFailed, restore

    from desktop_app.cli.cipher import unlock

    db_path, file = call.db_path, call.args.file
    from desktop_app.storage.cipher import looks_encrypted

    unlock(call.args, Path(file).expanduser(), "an encrypted backup")  # its own password (--password-file)
    was_encrypted = db_path.is_file() and looks_encrypted(db_path)
    try:
        result = restore(db_path, Path(file).expanduser())
    except RestoreFailed as exc:
        raise BadInput(f"not restored: {exc.problem}") from None
    except OSError as exc:  # a folder that does not exist or cannot be written
        raise BadInput(f"not restored: cannot write {exc.filename or db_path}: {exc.strerror or exc}") from None
    if result.kept is not None:
        print(f"The database it replaced was kept as {result.kept}")
    print(f"Restored {db_path} from {file}.")
    if looks_encrypted(db_path):
        print("It is encrypted: it opens with the password that backup was made with.")
    elif was_encrypted:  # a plain file restored over an encrypted ledger: not silently
        print(f"warning: {file} is not encrypted, so the ledger is not any more (it was): anyone who copies it can "
              f"read it; to encrypt it again: paperwealth-cli --db {db_path} encrypt", file=sys.stderr)


@command("check", "run SQLite's integrity check on the database", reads=True, check_integrity=True)
def check(call: Call) -> None:
    print(f"{call.repo.path}: integrity check passed (schema version {call.repo.schema_version}).")


@command("demo", "load a sample portfolio into an empty database",
         words=lambda problem, args: f"{problem.message} (e.g. paperwealth-cli --db demo.sqlite3 demo)"
         if problem.code == "ledger_not_empty" else None)
def demo(call: Call) -> None:
    from desktop_app.services.demo import load_demo

    count = load_demo(call.service)
    print(f"Loaded the demo portfolio ({count} transactions) into {call.repo.path}.")
    db = getattr(call.args, "db", None)
    print("Try: paperwealth-cli report" + ("" if db is None else f" --db {db}"))


_SETTINGS = ("base", "cost_method", "listed_stale_days", "private_stale_days", "benchmarks")
_TAX_SETTINGS = ("tax_regime", "tax_rate", "tax_other_income")


@command("settings", "show this ledger's settings, or change them (the window uses the same)",
         arg("--base", default=None, metavar="CCY", help="base currency of the totals, e.g. HKD"),
         arg("--cost-method", default=None, metavar="fifo|average"),
         arg("--listed-stale-days", default=None, metavar="N", help="a listed price older than N days is stale"),
         arg("--private-stale-days", default=None, metavar="N", help="a private mark older than N days is stale"),
         arg("--tax-regime", default=None, metavar="prc|hk|flat|none",
             help="how exercises are taxed in estimates (an estimate, not tax advice)"),
         arg("--tax-rate", default=None, metavar="PCT", help="the flat regime's rate, in percent"),
         arg("--tax-other-income", default=None, metavar="AMOUNT",
             help="the hk regime's other income of the year, in HKD"),
         arg("--benchmarks", default=None, metavar="SYMBOL[,SYMBOL...]",
             help="indexes the performance is compared with (default ^HSI,HSTECH.HK); refresh fetches them"),
         arg("--json", action="store_true"),
         reads=lambda args: all(getattr(args, flag) is None for flag in _SETTINGS + _TAX_SETTINGS), fields=_BASE)
def settings(call: Call) -> None:
    args, service = call.args, call.service
    if any(getattr(args, flag) is not None for flag in _TAX_SETTINGS):
        service.settings.check_tax(args.tax_regime, args.tax_rate, args.tax_other_income)
    stored = service.settings.update_settings(**{flag: getattr(args, flag) for flag in _SETTINGS})
    tax = service.settings.update_tax(regime=args.tax_regime, rate=args.tax_rate, other_income=args.tax_other_income)
    values = {"base_currency": stored.base_currency, "cost_method": stored.cost_method.value,
              "listed_stale_days": stored.staleness.listed_days, "private_stale_days": stored.staleness.private_days,
              "tax_regime": tax.regime.value, "tax_rate": None if tax.rate_pct is None else str(tax.rate_pct),
              "tax_other_income": f"{tax.other_income:.2f}",
              "benchmarks": list(service.settings.benchmarks())}
    if args.json:
        json.dump(values, sys.stdout, indent=1)
        print()
    else:
        for key, value in values.items():
            shown = "-" if value is None else ", ".join(value) if isinstance(value, list) else value
            print(f"{key}: {shown}")
    missing = service.settings.unreachable_currencies()
    if missing:
        print(f"warning: no stored rate turns {', '.join(missing)} into {stored.base_currency}; those "
              f"holdings are left out of the totals until one is stored (set-fx or refresh)", file=sys.stderr)
