"""``paperwealth-cli``: the whole ledger from a terminal or a script.

The contract (commands, flags, CSV columns, JSON keys, exit codes) is stable:
0 success; 2 bad input or usage, nothing written; 1 unexpected error.
Messages go to stderr in plain words; ``--debug`` adds tracebacks.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT, EXIT_REFRESH_FAILED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="database file (default: $PAPERWEALTH_DB, else the user data folder)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks for unexpected errors")
    parser = _Parser(prog="paperwealth-cli", parents=[common],
                     description="Paper Wealth: listed shares, private marks and grants in one local ledger.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    sub.add_parser("init", parents=[common], help="create or migrate the database")

    p = sub.add_parser("import-transactions", parents=[common], help="import transactions from a CSV file")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--allow-duplicates", action="store_true",
                   help="import rows even when identical transactions are already stored")

    p = sub.add_parser("export-transactions", parents=[common], help="export all transactions as CSV")
    p.add_argument("file", metavar="FILE.csv", help="output file, or - for standard output")

    p = sub.add_parser("import-prices", parents=[common], help="import dated closes (date,symbol,close,currency)")
    p.add_argument("file", metavar="FILE.csv")

    p = sub.add_parser("add-mark", parents=[common], help="record a dated manual price (or a round's valuation)")
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--price", default=None, metavar="P")
    p.add_argument("--valuation", default=None, metavar="V", help="with --fully-diluted-shares: price = V / N")
    p.add_argument("--fully-diluted-shares", default=None, metavar="N")
    p.add_argument("--currency", required=True, metavar="C")
    p.add_argument("--source", required=True, metavar="KIND",
                   help="round, secondary, bid, ask, tender, fund_nav, fair_value, estimate or manual")
    p.add_argument("--share-class", default="", metavar="C", help="common, preferred, SPV unit, ...")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--name", default="", metavar="TEXT", help="name for a new private instrument")

    p = sub.add_parser("set-discount", parents=[common], help="value a holding's marks PCT percent lower")
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("pct", metavar="PCT", help="0 removes the discount")

    p = sub.add_parser("set-stale-days", parents=[common], help="a holding's own staleness threshold")
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("days", metavar="DAYS", nargs="?", default=None, help="omit to use the default again")

    p = sub.add_parser("add-grant", parents=[common], help="record an option or RSU grant; prints its id")
    p.add_argument("--symbol", required=True, metavar="S")
    p.add_argument("--type", required=True, metavar="option|rsu")
    p.add_argument("--granted", required=True, metavar="D")
    p.add_argument("--quantity", required=True, metavar="N")
    p.add_argument("--strike", default=None, metavar="K")
    p.add_argument("--currency", required=True, metavar="C")
    p.add_argument("--vesting-start", required=True, metavar="D")
    p.add_argument("--cliff-months", required=True, metavar="C")
    p.add_argument("--vesting-months", required=True, metavar="M")
    p.add_argument("--frequency", required=True, metavar="monthly|quarterly|annually")
    p.add_argument("--expires", default=None, metavar="D")
    p.add_argument("--terminated", default=None, metavar="D")
    p.add_argument("--exercise-window-days", default="90", metavar="DAYS")
    p.add_argument("--id", dest="grant_id", default=None, metavar="NAME")
    p.add_argument("--name", default="", metavar="TEXT", help="name for a new private underlying")

    p = sub.add_parser("set-termination", parents=[common], help="record leaving (stops vesting, opens the window)")
    p.add_argument("grant_id", metavar="GRANT_ID")
    p.add_argument("date", metavar="D", nargs="?", default=None, help="omit to clear")

    p = sub.add_parser("exercise", parents=[common], help="exercise options: pay the strike, receive shares")
    p.add_argument("grant_id", metavar="GRANT_ID")
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--quantity", required=True, metavar="N")

    p = sub.add_parser("add-lockup", parents=[common], help="shares that cannot be sold until a date")
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--until", required=True, metavar="D", help="the last locked day")
    p.add_argument("--quantity", default=None, metavar="N", help="default: the whole holding")
    p.add_argument("--lot-date", default=None, metavar="D", help="lock only the lots bought on this day")
    p.add_argument("--reason", default="", metavar="TEXT")
    p.add_argument("--from", dest="start", default=None, metavar="D",
                   help="the first locked day (default: none, locked since ever; sales before it stand)")

    p = sub.add_parser("convert", parents=[common], help="a private holding becomes a listed one at an IPO")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--ratio", required=True, metavar="R", help="new shares per old share (or per RMB 1 capital)")
    p.add_argument("--currency", default=None, metavar="C", help="the listing's currency, for a new TO")
    p.add_argument("--fx-rate", default=None, metavar="X", help="1 FROM currency in TO currency (default: stored)")
    p.add_argument("--name", default="", metavar="TEXT")

    p = sub.add_parser("deadlines", parents=[common], help="vest dates, exercise deadlines, lock-up ends, stale marks")
    p.add_argument("--as-of", default=None, metavar="DATE")
    p.add_argument("--days", type=int, default=365, metavar="N", help="look this far ahead (default 365)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("set-fx", parents=[common], help="store an exchange rate: 1 FROM = RATE TO")
    p.add_argument("base", metavar="FROM")
    p.add_argument("quote", metavar="TO")
    p.add_argument("rate", metavar="RATE")
    p.add_argument("--date", default=None, metavar="D", help="default: today")
    p.add_argument("--force", action="store_true",
                   help="store it even when it is more than 10x away from the stored rate of the pair")

    p = sub.add_parser("report", parents=[common], help="holdings, gains and totals")
    p.add_argument("--json", action="store_true", help="print the JSON document")
    p.add_argument("--csv", default=None, metavar="FILE.csv",
                   help="also write the holdings as CSV (- for standard output, instead of the table)")
    p.add_argument("--as-of", default=None, metavar="DATE")
    p.add_argument("--base", default=None, metavar="CCY")
    p.add_argument("--cost-method", default=None, metavar="fifo|average")

    p = sub.add_parser("refresh", parents=[common], help="fetch closes, latest prices and FX from Yahoo Finance")
    p.add_argument("--symbols", nargs="+", metavar="S", help="only these listed symbols (default: all, plus FX)")
    p.add_argument("--time-limit", type=float, default=120.0, metavar="SECONDS",
                   help="give up on what is left after this long (default 120)")

    p = sub.add_parser("history", parents=[common], help="stored daily closes (or marks) of one symbol")
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--from", dest="start", default=None, metavar="D")
    p.add_argument("--to", dest="end", default=None, metavar="D")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", parents=[common], help="copy the database (default: into its backups folder)")
    p.add_argument("file", metavar="FILE", nargs="?", default=None)

    p = sub.add_parser("restore", parents=[common], help="replace the database with a checked backup")
    p.add_argument("file", metavar="FILE")

    sub.add_parser("check", parents=[common], help="run SQLite's integrity check on the database")

    sub.add_parser("demo", parents=[common], help="load a sample portfolio into an empty database")

    p = sub.add_parser("settings", parents=[common],
                       help="show this ledger's settings, or change them (the window uses the same)")
    p.add_argument("--base", default=None, metavar="CCY", help="base currency of the totals, e.g. HKD")
    p.add_argument("--cost-method", default=None, metavar="fifo|average")
    p.add_argument("--listed-stale-days", default=None, metavar="N",
                   help="a listed price older than N days is stale")
    p.add_argument("--private-stale-days", default=None, metavar="N",
                   help="a private mark older than N days is stale")
    p.add_argument("--json", action="store_true")
    return parser


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _BadInput(f"cannot read {path}: {exc.strerror or exc}") from None


def _readable(path: str) -> Path:
    """The file to import, opened by the service (it reads a row at a time)."""
    target = Path(path)
    if target.is_dir():
        raise _BadInput(f"cannot read {path}: it is a folder")
    try:
        with target.open("rb"):
            pass
    except OSError as exc:
        raise _BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    return target


class _ImportMeter:
    """One line on the terminal that an import keeps up to date ("Reading
    45% (41.2 of 91.5 MB)"); nothing when standard error is not a terminal
    (a pipe, a log file, a test)."""

    PHASES = {"read": "Reading", "check": "Checking positions", "save": "Saving"}

    def __init__(self, stream) -> None:
        try:
            self.live = stream.isatty()
        except (AttributeError, ValueError):
            self.live = False
        self.stream = stream
        self.shown = 0  # the widest text written on the line
        self._last = 0.0
        self._phase = ""

    def step(self, phase: str, done: int, total: int) -> None:
        import time

        if not self.live:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total and phase == self._phase:
            return
        self._last, self._phase = now, phase
        pct = f"{100 * done // total}%" if total else ""
        if phase == "read":
            detail = f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB"
        else:
            detail = f"{done:,} of {total:,} holdings"
        text = f"{self.PHASES.get(phase, phase)}... {pct} ({detail})"
        # Spaces rather than an escape code wipe a longer earlier text: old Windows consoles print escapes.
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = max(self.shown, len(text))

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


class _BadInput(Exception):
    pass


def _refuse_protected(target: str | Path, db_path: Path, *, allow_backups: bool = False) -> None:
    from desktop_app.storage.file_writes import ProtectedFile, refuse_protected

    try:
        refuse_protected(target, db_path, allow_backups=allow_backups)
    except ProtectedFile as exc:
        raise _BadInput(str(exc)) from None


def _write_file(name: str, data: bytes, db_path: Path) -> None:
    """An export: never over the ledger, its companions or its backups, and
    never half a file (a temporary file renamed over the target)."""
    from desktop_app.storage.file_writes import write_file_atomically

    _refuse_protected(name, db_path)
    try:
        write_file_atomically(Path(name), data)
    except OSError as exc:
        raise _BadInput(f"cannot write {name}: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace) -> int:
    from desktop_app.paths import resolve_db_path
    from desktop_app.services.portfolio_service import PortfolioService
    from desktop_app.services.private_service import PrivateService
    from desktop_app.storage.sqlite_repository import SqliteRepository

    db_path = resolve_db_path(getattr(args, "db", None))
    if args.command == "restore":
        return _restore(db_path, args.file)
    if _only_reads(args) and not db_path.exists():
        raise _BadInput(_no_ledger(db_path, getattr(args, "db", None)))
    with SqliteRepository(db_path, check_integrity=args.command == "check") as repo:
        if repo.read_only and not _only_reads(args):  # before any work (a refresh's downloads)
            from desktop_app.storage.sqlite_repository import ReadOnlyDatabase

            raise ReadOnlyDatabase(repo.read_only_message)
        service = PortfolioService(repo)
        command = args.command
        if command == "init":
            with repo.write():
                service.ledger_changed(None)  # rebuild derived data (e.g. after an upgrade)
            print(f"Database ready: {repo.path} (schema version {repo.schema_version})")
        elif command == "import-transactions":
            meter = _ImportMeter(sys.stderr)
            try:
                result = service.import_transactions(_readable(args.file), allow_duplicates=args.allow_duplicates,
                                                     progress=meter.step)
            finally:
                meter.clear()
            print(f"Imported {result.imported:,} transaction{'s' if result.imported != 1 else ''}.")
            if result.new_instruments:
                print("New instruments: " + ", ".join(result.new_instruments))
        elif command == "export-transactions":
            text = service.export_transactions()
            if args.file == "-":
                sys.stdout.write(text)
            else:
                _write_file(args.file, text.encode("utf-8"), repo.path)
                print(f"Exported {text.count(chr(10)) - 1} transactions to {args.file}")
        elif command == "import-prices":
            result = service.import_prices(_read(args.file))
            print(f"Stored {result.imported} price{'s' if result.imported != 1 else ''}.")
            if result.new_instruments:
                print("New listed instruments: " + ", ".join(result.new_instruments))
        elif command == "add-mark":
            private = PrivateService(service)
            mark = private.mark_from_input(args.symbol, date=args.date, price=args.price, valuation=args.valuation,
                                           fully_diluted_shares=args.fully_diluted_shares, currency=args.currency,
                                           source=args.source, share_class=args.share_class, note=args.note)
            result = private.add_mark(mark, name=args.name)
            if result.created_instrument:
                print(f"{result.symbol} was not known: created it as a private instrument.")
            derived = f" (derived: {mark.valuation} / {mark.fully_diluted_shares})" if mark.valuation else ""
            from desktop_app.domain.numbers import price_text

            print(f"Mark recorded for {result.symbol}: {price_text(mark.price)} {mark.currency}{derived}.")
        elif command == "set-discount":
            pct = PrivateService(service).set_discount(args.symbol, args.pct)
            print(f"Discount {'removed' if pct is None else f'set to {pct}%'}.")
        elif command == "set-stale-days":
            PrivateService(service).set_stale_days(args.symbol, args.days)
            print("Staleness threshold " + (f"set to {args.days} days." if args.days else "reset to the default."))
        elif command == "add-grant":
            private = PrivateService(service)
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
        elif command == "set-termination":
            PrivateService(service).set_termination(args.grant_id, args.date)
            print(f"Termination {'recorded' if args.date else 'cleared'} for {args.grant_id}.")
        elif command == "exercise":
            done = PrivateService(service).exercise(args.grant_id, date=args.date, quantity=args.quantity)
            print(f"Exercised {done.quantity} of {done.grant_id} on {done.date.isoformat()}.")
        elif command == "add-lockup":
            lock = PrivateService(service).add_lockup(args.symbol, until=args.until, quantity=args.quantity,
                                                      reason=args.reason, lot_date=args.lot_date,
                                                      start=args.start)
            what = "all of it" if lock.quantity is None else f"{lock.quantity} shares"
            if lock.lot_date:
                what += f" of the lots bought on {lock.lot_date.isoformat()}"
            since = f" (from {lock.start.isoformat()})" if lock.start else ""
            print(f"{lock.symbol}: {what} locked until {lock.until.isoformat()}{since}.")
        elif command == "convert":
            c = PrivateService(service).convert(args.source, args.target, date=args.date, ratio=args.ratio,
                                                currency=args.currency, fx_rate=args.fx_rate, name=args.name)
            print(f"{c.from_symbol} became {c.to_symbol} on {c.date.isoformat()} at {c.ratio} for 1.")
        elif command == "deadlines":
            _deadlines(service, args)
        elif command == "backup":
            from desktop_app.services.backups import backups_folder

            target = Path(args.file).expanduser() if args.file else None
            if target is not None:
                _refuse_protected(target, repo.path, allow_backups=True)  # a named backup may go there
                if target.exists():
                    raise _BadInput(f"{target} exists; choose a new file name")
            try:
                written = repo.backup(target)
            except OSError as exc:  # a read-only folder, a full disk
                where = exc.filename or (target or backups_folder(repo.path))
                raise _BadInput(f"cannot write a backup to {where}: {exc.strerror or exc}") from None
            print(f"Backup written: {written}")
        elif command == "check":
            print(f"{repo.path}: integrity check passed (schema version {repo.schema_version}).")
        elif command == "settings":
            settings = service.update_settings(base=args.base, cost_method=args.cost_method,
                                               listed_stale_days=args.listed_stale_days,
                                               private_stale_days=args.private_stale_days)
            values = {"base_currency": settings.base_currency, "cost_method": settings.cost_method.value,
                      "listed_stale_days": settings.staleness.listed_days,
                      "private_stale_days": settings.staleness.private_days}
            if args.json:
                json.dump(values, sys.stdout, indent=1)
                print()
            else:
                for key, value in values.items():
                    print(f"{key}: {value}")
            missing = service.unreachable_currencies()
            if missing:
                print(f"warning: no stored rate turns {', '.join(missing)} into {settings.base_currency}; those "
                      f"holdings are left out of the totals until one is stored (set-fx or refresh)", file=sys.stderr)
        elif command == "set-fx":
            fx = service.set_fx(args.base, args.quote, args.rate, args.date, force=args.force)
            print(f"1 {fx.base} = {fx.rate} {fx.quote} on {fx.date.isoformat()}")
        elif command == "report":
            report = service.report(as_of=args.as_of, base=args.base, cost_method=args.cost_method)
            if args.csv is not None:
                from desktop_app.services.report_format import holdings_csv

                text = holdings_csv(report)
                if args.csv == "-":
                    if args.json:
                        raise _BadInput("--csv -: standard output already carries the --json document")
                    sys.stdout.write(text)
                    return 0
                # With a byte-order mark, so that Excel reads the Chinese names.
                _write_file(args.csv, text.encode("utf-8-sig"), repo.path)
                print(f"Wrote {len(report.holdings)} holdings to {args.csv}", file=sys.stderr)
            if args.json:
                from desktop_app.services.report_format import report_document

                json.dump(report_document(report), sys.stdout, ensure_ascii=False, indent=1)
                sys.stdout.write("\n")
            else:
                from desktop_app.services.report_format import report_table

                sys.stdout.write(report_table(report))
        elif command == "refresh":
            return _refresh(repo, args)
        elif command == "history":
            _history(service, args)
        elif command == "demo":
            from desktop_app.services.demo import load_demo

            count = load_demo(service)
            print(f"Loaded the demo portfolio ({count} transactions) into {repo.path}.")
            print("Try: paperwealth-cli report" + ("" if getattr(args, "db", None) is None else f" --db {args.db}"))
    return EXIT_OK


# Commands that only read the ledger: on a path where none exists they say so
# and create nothing (a typo in --db must not look like an empty ledger).
_READ_COMMANDS = {"report", "history", "deadlines", "export-transactions", "check", "backup"}


def _only_reads(args: argparse.Namespace) -> bool:
    if args.command == "settings":
        return all(getattr(args, flag) is None
                   for flag in ("base", "cost_method", "listed_stale_days", "private_stale_days"))
    return args.command in _READ_COMMANDS


def _no_ledger(db_path: Path, db_flag: str | None) -> str:
    import os

    from desktop_app.paths import DB_ENV_VAR

    if db_flag:
        return (f"no ledger at {db_path}: check the path, or create one there with "
                f"paperwealth-cli --db {_quoted(db_flag)} init (or demo, or import-transactions FILE.csv)")
    if os.environ.get(DB_ENV_VAR):
        return (f"no ledger at {db_path} (from ${DB_ENV_VAR}): check the path, or create one there with "
                f"paperwealth-cli init (or demo, or import-transactions FILE.csv)")
    return (f"no ledger yet at {db_path}: create one with paperwealth-cli init (empty), paperwealth-cli demo "
            f"(a sample portfolio) or paperwealth-cli import-transactions FILE.csv, or open the window (paperwealth)")


def _quoted(text: str) -> str:
    """``text`` as one argument of a command line the user can paste."""
    import os

    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline([text])
    import shlex

    return shlex.quote(text)


def _refresh(repo, args: argparse.Namespace) -> int:
    from desktop_app.app import make_price_source
    from desktop_app.services.price_service import PriceService

    service = PriceService(repo, make_price_source())
    result = service.refresh(args.symbols, time_limit=args.time_limit)
    if result.offline:
        # The error says itself that Yahoo Finance cannot be reached, and why.
        print(f"error: offline: {result.results[0].error}; stored prices are unchanged", file=sys.stderr)
        return EXIT_REFRESH_FAILED
    for r in result.results:
        if r.ok:
            last = f"last {r.last_close} on {r.last_date.isoformat()}" if r.last_date else "no closes yet"
            print(f"{r.symbol}: {r.stored} new close{'s' if r.stored != 1 else ''}, {last}")
    for r in result.failures:
        print(f"error: {r.symbol}: {r.error}", file=sys.stderr)
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_REFRESH_FAILED


def _restore(db_path: Path, file: str) -> int:
    from desktop_app.services.backups import RestoreFailed, restore

    try:
        result = restore(db_path, Path(file).expanduser())
    except RestoreFailed as exc:
        raise _BadInput(f"not restored: {exc.problem}") from None
    except OSError as exc:  # a folder that does not exist or cannot be written
        raise _BadInput(f"not restored: cannot write {exc.filename or db_path}: {exc.strerror or exc}") from None
    if result.kept is not None:
        print(f"The database it replaced was kept as {result.kept}")
    print(f"Restored {db_path} from {file}.")
    return EXIT_OK


def _deadlines(service, args: argparse.Namespace) -> None:
    from desktop_app.domain.deadlines import upcoming

    report = service.report(as_of=args.as_of)
    items = upcoming(report, service.repo.lockups(), horizon_days=args.days, staleness=service.staleness())
    if args.json:
        json.dump([{"date": d.date.isoformat(), "kind": d.kind, "symbol": d.symbol, "grant_id": d.grant_id,
                    "days_left": d.days_left, "quantity": None if d.quantity is None else str(d.quantity),
                    "detail": d.detail} for d in items], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not items:
        print("Nothing due.")
    for d in items:
        print(f"{d.date.isoformat()}  {d.days_left:>5} d  {d.kind:<18} {d.symbol:<10} {d.detail}")


def _history(service, args: argparse.Namespace) -> None:
    from desktop_app.domain.numbers import price_text

    h = service.price_history(args.symbol, args.start, args.end)
    if h.instrument.asset_class.value == "listed" or h.closes:
        rows = [{"date": q.date.isoformat(), "close": price_text(q.close), "source": "quote",
                 "currency": q.currency} for q in h.closes]
    else:
        rows = []
    # Each point in its own currency: a mark may be in another than the holding's.
    rows += [{"date": m.date.isoformat(), "close": price_text(m.price), "source": m.source.value, "note": m.note,
              "currency": m.currency, "share_class": m.share_class,
              "valuation": None if m.valuation is None else format(m.valuation, "f"),
              "fully_diluted_shares": None if m.fully_diluted_shares is None else format(m.fully_diluted_shares, "f")}
             for m in h.marks]
    rows.sort(key=lambda r: (r["date"], r["source"] != "quote"))
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


def main(argv: Sequence[str] | None = None) -> int:
    from desktop_app.frozen import prepare

    prepare()
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    debug = getattr(args, "debug", False)
    from desktop_app.paths import resolve_db_path

    db_path = resolve_db_path(getattr(args, "db", None))
    existed = db_path.exists()
    code = _guarded(args, debug)
    if code == EXIT_BAD_INPUT and not existed:
        _remove_new_database(db_path)  # bad usage writes nothing, not even an empty database
    return code


def _remove_new_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(path) + suffix).unlink()
        except OSError:
            pass


def _restore_hint(args: argparse.Namespace, db_path: Path, damaged: bool) -> list[str]:
    """The newest backup of ``db_path`` that passes its check, and the exact
    command that restores it (with --db when one was given)."""
    from desktop_app.services.backups import backups_folder, newest_good_backup

    good = newest_good_backup(db_path)
    if good is None:
        return [f"No backup of it passes its check (backups folder: {backups_folder(db_path)})."] if damaged else []
    flag = getattr(args, "db", None)
    command = "paperwealth-cli " + ("" if flag is None else f"--db {_quoted(flag)} ") + f"restore {_quoted(str(good))}"
    lead = ("The newest backup that passes its check is" if damaged else
            "Beside it are backups of a Paper Wealth ledger: if this file was yours, the newest good one is")
    return [f"{lead} {good.name} (in {good.parent}). Restore it (what it replaces is kept in the backups folder):",
            f"  {command}"]


def _damaged(args: argparse.Namespace, db_path: Path, problem: str) -> int:
    print(f"error: {db_path} is damaged ({problem}); it was left untouched.", file=sys.stderr)
    for line in _restore_hint(args, db_path, damaged=True):
        print(line, file=sys.stderr)
    return EXIT_BAD_INPUT


def _sqlite_error(args: argparse.Namespace, exc: Exception, debug: bool) -> int:
    """An SQLite error that escaped the checks on open: a damaged page met
    while reading, or a file that became read-only."""
    from desktop_app.paths import resolve_db_path

    db_path = resolve_db_path(getattr(args, "db", None))
    primary = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if primary in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return _damaged(args, db_path, str(exc))
    if primary == 8:  # SQLITE_READONLY
        print(f"error: {db_path} cannot be written here ({exc}); nothing was changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _unexpected(exc, debug)


def _unexpected(exc: Exception, debug: bool) -> int:
    print(f"unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
    if debug:
        traceback.print_exc()
    else:
        print("(run again with --debug for details)", file=sys.stderr)
    return EXIT_ERROR


def _guarded(args: argparse.Namespace, debug: bool) -> int:
    import sqlite3

    from desktop_app.domain.numbers import StoredValueError
    from desktop_app.services.errors import ImportRejected, UserFacingError
    from desktop_app.storage.sqlite_repository import DatabaseDamaged, NotOurDatabase, StoreError

    try:
        return _run(args)
    except ImportRejected as exc:
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{exc}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DatabaseDamaged as exc:
        return _damaged(args, exc.path, exc.problem)
    except NotOurDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        from desktop_app.paths import resolve_db_path

        for line in _restore_hint(args, resolve_db_path(getattr(args, "db", None)), damaged=False):
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (UserFacingError, StoreError, _BadInput) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except StoredValueError as exc:
        print(f"error: the database is damaged: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        return _sqlite_error(args, exc, debug)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        return _unexpected(exc, debug)


if __name__ == "__main__":
    sys.exit(main())
