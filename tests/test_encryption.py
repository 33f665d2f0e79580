"""Issue 17: encryption at rest (SQLCipher 4). An encrypted ledger and its
backups hold nothing readable; every command works on it with its password;
a wrong, empty or missing password is refused with exit 2 and nothing
changed; decrypt and change-password keep every row."""

from __future__ import annotations

import hashlib
import sqlite3
import traceback
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.storage import cipher
from desktop_app.storage.file_writes import backup_dir
from desktop_app.storage.sqlite_repository import SqliteRepository

SECRET = "correct horse 'battery' 马"  # a quote (SQL quoting) and a non-ASCII character
GRANT_ID = "GRANT-SECRET-7Q"
NAME = "Zhipu (Knowledge Atlas 智谱)"  # a demo holding's name


@pytest.fixture(autouse=True)
def _no_remembered_passwords():
    cipher.forget()
    yield
    cipher.forget()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def password_file(tmp_path: Path, text: str, name: str = "pw.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def ledger(tmp_path, capsys):
    db = tmp_path / "ledger.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    assert cli.main(["--db", str(db), "add-grant", "--symbol", "STEPFUN", "--type", "option", "--granted",
                     "2024-01-01", "--quantity", "1000", "--strike", "1.5", "--currency", "USD", "--vesting-start",
                     "2024-01-01", "--cliff-months", "12", "--vesting-months", "48", "--frequency", "monthly",
                     "--id", GRANT_ID]) == 0
    assert cli.main(["--db", str(db), "backup"]) == 0
    capsys.readouterr()
    return db


def report(capsys, db: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--db", str(db), *extra, "report", "--json")
    assert code == 0, err
    return out


def readable_in(path: Path) -> list[str]:
    data = path.read_bytes()
    return [text for text in (NAME, GRANT_ID, "StepFun") if text.encode("utf-8") in data]


def files_of(db: Path) -> list[Path]:
    return [db, *sorted(backup_dir(db).iterdir())]


def test_encrypt_leaves_nothing_readable_and_the_same_report(ledger, tmp_path, capsys):
    before = report(capsys, ledger)
    assert all(readable_in(p) for p in files_of(ledger) if p.suffix == ".sqlite3")  # the check can fail
    pw = password_file(tmp_path, SECRET + "\n")
    code, out, err = run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))
    assert code == 0, err
    assert f"Looked for backups in {backup_dir(ledger)}: 2 encrypted" in out  # the demo's daily and the manual one
    for path in files_of(ledger):
        assert not path.read_bytes().startswith(b"SQLite format 3"), path
        assert readable_in(path) == [], path
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith((".tmp", "-wal", "-shm", "-journal"))]
    assert report(capsys, ledger, "--password-file", str(pw)) == before
    # and a backup made now (daily, manual) is encrypted with the same password
    code, out, _ = run(capsys, "--db", str(ledger), "--password-file", str(pw), "backup")
    made = Path(out.split("Backup written: ")[1].strip())
    assert readable_in(made) == [] and cipher.opens_with(made, cipher.Password(SECRET))
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_decrypt_gives_back_a_plain_file_with_the_same_report(ledger, tmp_path, capsys):
    before = report(capsys, ledger)
    pw = password_file(tmp_path, SECRET + "\r\n")  # the line ending is not part of the password
    assert run(capsys, "--db", str(ledger), "--password-file", str(pw), "encrypt")[0] == 0
    cipher.forget()
    code, out, err = run(capsys, "--db", str(ledger), "--password-file", str(pw), "decrypt")
    assert code == 0, err
    assert "2 decrypted" in out
    for path in files_of(ledger):
        assert path.read_bytes().startswith(b"SQLite format 3"), path
    assert readable_in(ledger)
    cipher.forget()
    assert report(capsys, ledger) == before  # no password needed any more


def test_change_password_old_fails_new_works_backups_keep_theirs(ledger, tmp_path, capsys):
    before = report(capsys, ledger)
    old, new = password_file(tmp_path, SECRET), password_file(tmp_path, "n3w pass\n", "new.txt")
    assert run(capsys, "--db", str(ledger), "--password-file", str(old), "encrypt")[0] == 0
    cipher.forget()
    code, out, err = run(capsys, "--db", str(ledger), "change-password", "--password-file", str(old),
                         "--new-password-file", str(new))
    assert code == 0, err
    assert "keep the password they were made with" in out
    cipher.forget()
    code, _, err = run(capsys, "--db", str(ledger), "--password-file", str(old), "report")
    assert code == 2 and "wrong password" in err
    cipher.forget()
    assert report(capsys, ledger, "--password-file", str(new)) == before
    # restoring a backup made before the change asks for the password it was made with
    backup = sorted(backup_dir(ledger).glob("*manual*"))[0]
    cipher.forget()
    code, _, err = run(capsys, "--db", str(ledger), "--password-file", str(new), "restore", str(backup))
    assert code == 2 and "wrong password" in err and "Traceback" not in err
    cipher.forget()
    code, out, err = run(capsys, "--db", str(ledger), "--password-file", str(old), "restore", str(backup))
    assert code == 0, err
    assert "opens with the password that backup was made with" in out
    cipher.forget()
    assert run(capsys, "--db", str(ledger), "--password-file", str(old), "check")[0] == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("content, problem", [("wrong\n", "wrong password"), ("", "password is empty"),
                                              ("\n", "password is empty"), (None, "cannot read the password file")])
def test_wrong_empty_and_missing_passwords_are_refused_and_nothing_changes(ledger, tmp_path, capsys, content,
                                                                           problem):
    pw = password_file(tmp_path, SECRET)
    assert run(capsys, "--db", str(ledger), "--password-file", str(pw), "encrypt")[0] == 0
    cipher.forget()
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    state = {p: digest(p) for p in files_of(ledger)}
    for argv in (["report"], ["add-mark", "STEPFUN", "--date", "2026-01-01", "--price", "9", "--currency", "USD",
                  "--source", "round"],
                 ["decrypt"], ["backup"], ["check"], ["change-password", "--new-password-file", str(pw)]):
        code, out, err = run(capsys, "--db", str(ledger), "--password-file", str(bad), *argv)
        assert code == 2, (argv, err)
        assert problem in err and "Traceback" not in err and "unexpected" not in err, (argv, err)
        assert SECRET not in err + out
        assert {p: digest(p) for p in files_of(ledger)} == state, argv
    # no password at all, and no terminal to ask at (stdin is not a terminal under pytest)
    code, _, err = run(capsys, "--db", str(ledger), "report")
    assert code == 2 and "is an encrypted ledger" in err and "--password-file FILE" in err
    assert {p: digest(p) for p in files_of(ledger)} == state


def test_encrypt_wants_a_new_password_and_a_plain_ledger(ledger, tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(ledger), "encrypt")
    assert code == 2 and "--password-file FILE" in err and not cipher.looks_encrypted(ledger)
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite3"), "encrypt",
                       "--password-file", str(password_file(tmp_path, SECRET)))
    assert code == 2 and "no ledger at" in err and not (tmp_path / "none.sqlite3").exists()
    pw = password_file(tmp_path, SECRET)
    assert run(capsys, "--db", str(ledger), "--password-file", str(pw), "encrypt")[0] == 0
    code, _, err = run(capsys, "--db", str(ledger), "--password-file", str(pw), "encrypt")
    assert code == 2 and "encrypted already" in err
    cipher.forget()
    code, _, err = run(capsys, "--db", str(ledger), "--password-file", str(pw), "change-password")
    assert code == 2 and "--new-password-file FILE" in err


def test_the_password_is_in_no_exception_repr_or_argument(ledger, tmp_path):
    pw = cipher.Password(SECRET)
    assert SECRET not in repr(pw) and SECRET not in str(pw) and SECRET not in f"{pw}"
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(pw)
    from desktop_app.services import protection

    protection.encrypt(ledger, pw)
    cipher.forget()
    wrong = cipher.Password(SECRET + "x")
    with pytest.raises(cipher.WrongPassword) as caught:
        SqliteRepository(ledger, password=wrong)
    chain, exc = [], caught.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    text = "".join(traceback.format_exception(caught.value)) + "".join(repr(e.args) for e in chain)
    assert "wrong password" in text and SECRET not in text
    with pytest.raises(cipher.PasswordNeeded) as needed:
        SqliteRepository(ledger)
    assert SECRET not in "".join(traceback.format_exception(needed.value))


def test_a_plain_ledger_never_loads_sqlcipher(tmp_path):
    """The plain path stays the standard library's sqlite3: a report of a plain ledger imports no sqlcipher3."""
    import subprocess
    import sys

    db = tmp_path / "plain.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    code = ("import sys; from desktop_app import cli; cli.main(['--db', sys.argv[1], 'report', '--json']); "
            "assert 'sqlcipher3' not in sys.modules, 'sqlcipher3 loaded'")
    env_path = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                          env={**__import__("os").environ, "PYTHONPATH": env_path})
    assert done.returncode == 0, done.stderr


def test_sqlcipher_is_version_4_with_its_documented_kdf(tmp_path):
    assert cipher.cipher_version().startswith("4.")
    conn = cipher.dbapi().connect(str(tmp_path / "k.db"))
    conn.execute(f"PRAGMA key = {cipher.quoted(cipher.Password('x'))}")
    assert conn.execute("PRAGMA kdf_iter").fetchone()[0] == str(cipher.KDF_ITERATIONS) == "256000"
    assert conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0] == "PBKDF2_HMAC_SHA512"
    conn.close()


def test_errors_of_an_encrypted_connection_are_sqlite3_errors(ledger, tmp_path):
    """sqlite-utils and the stores catch sqlite3's errors: SQLCipher's are made subclasses of them."""
    from desktop_app.services import protection

    protection.encrypt(ledger, cipher.Password(SECRET))
    with SqliteRepository(ledger) as repo:
        with pytest.raises(sqlite3.OperationalError):
            repo.conn.execute("SELECT * FROM no_such_table")
        with pytest.raises(sqlite3.IntegrityError), repo.write():
            repo.conn.execute("INSERT INTO settings (key, value) VALUES (NULL, NULL)")
        assert repo.db["settings"].exists()  # sqlite-utils on the encrypted connection


def test_a_text_file_is_not_taken_for_an_encrypted_ledger(tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_bytes("账面财富".encode() * 500)  # 6000 bytes: not whole pages
    assert not cipher.looks_encrypted(text)
    pages = tmp_path / "pages.sqlite3"
    pages.write_bytes(b"\x01" * 4096)
    assert cipher.looks_encrypted(pages) and not cipher.looks_encrypted(tmp_path / "missing")


def test_the_wal_of_an_encrypted_ledger_holds_nothing_readable(ledger, tmp_path):
    from desktop_app.services import protection

    protection.encrypt(ledger, cipher.Password(SECRET))
    marker = "WAL-SECRET-4Z"
    with SqliteRepository(ledger) as repo:
        with repo.write():
            repo.set_setting("note", marker)
        wal = Path(str(ledger) + "-wal")
        assert wal.stat().st_size > 0  # the write is in the WAL, not yet checkpointed
        assert marker.encode() not in wal.read_bytes()
    plain = tmp_path / "plain.sqlite3"  # the check can fail: a plain ledger's WAL holds it
    conn = sqlite3.connect(plain)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (marker,))
    conn.commit()
    assert marker.encode() in Path(str(plain) + "-wal").read_bytes()
    conn.close()



_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings(key, value) VALUES ('probe', '1')")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


def test_encrypt_while_another_program_writes_is_refused_cleanly(ledger, tmp_path, capsys, monkeypatch):
    """Another process holds the ledger in a write (BEGIN IMMEDIATE, not
    committed) beyond the wait: exit 2 with the reason, not 'unexpected
    error: database is locked' (exit 1); the file is as it was, no copy left.
    (A process of its own: SQLite's locks do not part two libraries in one.)"""
    import subprocess
    import sys

    from desktop_app.storage import cipher_files

    monkeypatch.setattr(cipher_files, "BUSY_TIMEOUT", 0.2, raising=False)
    pw = password_file(tmp_path, SECRET)
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(ledger)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        before = digest(ledger)
        code, out, err = run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))
        assert code == 2, err
        assert "another program is writing to ledger.sqlite3" in err and "nothing was changed" in err
        assert "unexpected error" not in err and SECRET not in err + out
        assert digest(ledger) == before and not cipher.looks_encrypted(ledger)
        assert not cipher_files.temporary_name(ledger).exists()
    finally:
        writer.communicate("go\n", timeout=30)
    assert writer.returncode == 0
    # The writer done, the same command encrypts, its row kept.
    assert run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))[0] == 0
    conn = cipher.connect(ledger, cipher.Password(SECRET))
    try:
        assert conn.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone() == ("1",)
    finally:
        conn.close()


@pytest.mark.parametrize("content, expected", [
    ("ab\x0ccd\n", "ab\x0ccd"),  # a form feed: str.splitlines() kept "ab" only
    ("pass\u2028word\r\nsecond line", "pass\u2028word"),
    ("x\x1dy\x85z\rrest", "x\x1dy\x85z"),
    ("\ufeffsecret\r\n", "secret"),
])
def test_the_password_files_first_line_ends_only_at_a_line_break(tmp_path, content, expected):
    from desktop_app.services.protection import password_from_file

    assert password_from_file(password_file(tmp_path, content)) == cipher.Password(expected)


def test_a_password_file_with_a_form_feed_encrypts_with_all_of_it(ledger, tmp_path, capsys):
    pw = password_file(tmp_path, "ab\x0ccd\n")
    assert run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))[0] == 0
    assert cipher.opens_with(ledger, cipher.Password("ab\x0ccd"))
    assert not cipher.opens_with(ledger, cipher.Password("ab"))


def test_a_damaged_backup_does_not_stop_the_others_nor_blame_the_ledger(ledger, tmp_path, capsys):
    """A damaged file among the backups stopped encrypt after the ledger was
    encrypted: the backups after it were left plain (readable), and the
    message said the LEDGER was damaged and 'left untouched', and offered to
    restore a plain backup over it."""
    folder = backup_dir(ledger)
    plain = sorted(folder.iterdir())
    assert plain and all(readable_in(p) for p in plain)
    damaged = folder / "ledger-20000101T000000-daily.sqlite3"  # sorts first
    damaged.write_bytes(ledger.read_bytes()[:3000])  # a SQLite header and nothing whole behind it
    damaged_bytes = damaged.read_bytes()
    pw = password_file(tmp_path, SECRET)
    code, out, err = run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))
    assert code == 2
    assert f"{ledger} is encrypted, and {len(plain)} of its backups, but 1 in" in err
    assert damaged.name in err and "may hold readable data" in err
    assert "damaged" not in err.split(":")[0] and "restore" not in err and SECRET not in err + out
    assert cipher.looks_encrypted(ledger) and not readable_in(ledger)
    assert all(cipher.looks_encrypted(p) and not readable_in(p) for p in plain)
    assert damaged.read_bytes() == damaged_bytes  # left as it was
    damaged.unlink()
    code, _, err = run(capsys, "--db", str(ledger), "encrypt", "--password-file", str(pw))
    assert code == 2 and "encrypted already" in err
