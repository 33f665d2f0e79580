"""Issue 17's window: the password prompt before an encrypted ledger opens
(retries, a clear wrong-password message, Cancel that opens and changes
nothing), --password-file, and "remember on this computer" through a fake
keyring backend (never the real OS keychain)."""

from __future__ import annotations

import hashlib

import keyring
import keyring.backend
import pytest

from desktop_app import cli, gui_main
from desktop_app.services import keychain
from desktop_app.storage import cipher

SECRET = "window secret"


class FakeKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        if self.entries.pop((service, username), None) is None:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError("none")


@pytest.fixture(autouse=True)
def fake_keyring(monkeypatch):
    import keyring.core

    fake = FakeKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", fake)
    cipher.forget()
    yield fake
    cipher.forget()


@pytest.fixture
def encrypted(tmp_path, capsys):
    db = tmp_path / "ledger.sqlite3"
    assert cli.main(["--db", str(db), "demo"]) == 0
    pw = tmp_path / "pw.txt"
    pw.write_text(SECRET + "\n", encoding="utf-8")
    assert cli.main(["--db", str(db), "--password-file", str(pw), "encrypt"]) == 0
    cipher.forget()
    capsys.readouterr()
    return db


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def args(*argv: str):
    return gui_main.build_parser().parse_args(list(argv))


def test_the_prompt_retries_after_a_wrong_password_and_remembers_only_when_asked(encrypted, qapp, monkeypatch,
                                                                                 fake_keyring):
    from desktop_app.ui.dialogs.password import PasswordDialog

    seen = []

    def drive(dialog: PasswordDialog, remember: bool) -> int:
        assert not dialog.remember.isChecked()  # off by default
        dialog.field.setText("wrong")
        dialog._try()
        seen.append((dialog.problem.isHidden(), dialog.problem.text(), dialog.field.text(), dialog.result()))
        dialog.field.setText(SECRET)
        dialog.remember.setChecked(remember)
        dialog._try()
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", lambda self: drive(self, remember=False))
    assert gui_main._unlock(args("--db", str(encrypted)), encrypted) is None
    hidden, text, left, result = seen[0]
    assert not hidden and "Wrong password" in text and left == "" and result == 0  # still open, field cleared
    assert cipher.known(encrypted) == cipher.Password(SECRET)
    assert fake_keyring.entries == {}  # not ticked: nothing stored
    cipher.forget()
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: drive(self, remember=True))
    assert gui_main._unlock(args("--db", str(encrypted)), encrypted) is None
    assert list(fake_keyring.entries.values()) == [SECRET]
    # remembered: the next start asks nothing
    cipher.forget()
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: pytest.fail("asked although remembered"))
    assert gui_main._unlock(args("--db", str(encrypted)), encrypted) is None
    assert cipher.known(encrypted) == cipher.Password(SECRET)
    # forgotten with one call: asked again
    assert keychain.forget(encrypted) and fake_keyring.entries == {}
    assert keychain.forget(encrypted)  # forgetting twice is fine
    assert keychain.remembered(encrypted) is None


def test_cancel_opens_nothing_and_changes_nothing(encrypted, qapp, monkeypatch):
    from desktop_app.ui.dialogs.password import PasswordDialog

    before = {p: digest(p) for p in encrypted.parent.rglob("*") if p.is_file()}
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: 0)
    assert gui_main.main(["--db", str(encrypted)]) == 0
    assert cipher.known(encrypted) is None
    assert {p: digest(p) for p in encrypted.parent.rglob("*") if p.is_file()} == before


def test_an_empty_password_is_not_tried(encrypted, qapp):
    from desktop_app.ui.dialogs.password import PasswordDialog

    tried = []
    dialog = PasswordDialog(str(encrypted), lambda text: tried.append(text) or False)
    dialog._try()
    assert tried == [] and "Enter the password" in dialog.problem.text() and dialog.result() == 0


def test_password_file_and_smoke_test_without_one(encrypted, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("nope\n", encoding="utf-8")
    assert gui_main._unlock(args("--db", str(encrypted), "--password-file", str(bad)), encrypted) == 2
    assert "wrong password" in capsys.readouterr().err and cipher.known(encrypted) is None
    assert gui_main._unlock(args("--db", str(encrypted), "--smoke-test"), encrypted) == 2
    assert "--password-file FILE" in capsys.readouterr().err
    good = tmp_path / "pw.txt"
    assert gui_main._unlock(args("--db", str(encrypted), "--password-file", str(good)), encrypted) is None
    assert cipher.known(encrypted) == cipher.Password(SECRET)


def test_a_keychain_that_fails_remembers_nothing(encrypted, monkeypatch):
    import keyring.core

    class Broken(FakeKeyring):
        def get_password(self, service, username):
            raise keyring.errors.KeyringError("locked")

        set_password = get_password

    monkeypatch.setattr(keyring.core, "_keyring_backend", Broken())
    assert keychain.remembered(encrypted) is None
    assert not keychain.remember(encrypted, cipher.Password(SECRET))


def test_a_plain_ledger_is_not_asked_for(tmp_path, qapp, monkeypatch):
    from desktop_app.ui.dialogs.password import PasswordDialog

    db = tmp_path / "plain.sqlite3"
    assert cli.main(["--db", str(db), "init"]) == 0
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: pytest.fail("asked for a plain ledger"))
    assert gui_main._unlock(args("--db", str(db)), db) is None


def _fill_new(dialog, text: str) -> bool:
    dialog.first.setText(text)
    dialog.second.setText(text)
    dialog._try()
    return bool(dialog.result())


def _fill_current(dialog, text: str) -> bool:
    dialog.field.setText(text)
    dialog._try()
    return bool(dialog.result())


def test_settings_security_encrypts_changes_and_decrypts_on_the_worker(demo_db, make_window, qtbot, monkeypatch,
                                                                       fake_keyring, capsys):
    from desktop_app.ui.dialogs.password import PasswordDialog
    from desktop_app.ui.dialogs.security import NewPasswordDialog, SecurityDialog

    window = make_window()
    before = cli.main(["--db", str(demo_db), "report", "--json"]) == 0 and capsys.readouterr().out
    answers = {"new": "first secret", "current": "first secret"}
    asked: list[str] = []

    def exec_dialog(dialog) -> bool:
        if isinstance(dialog, NewPasswordDialog):
            return _fill_new(dialog, answers["new"])
        if isinstance(dialog, PasswordDialog):
            return _fill_current(dialog, answers["current"])
        assert isinstance(dialog, SecurityDialog)
        return False

    monkeypatch.setattr(window, "exec_dialog", exec_dialog)
    monkeypatch.setattr(window, "ask", lambda title, text: asked.append(text) or True)
    security = window.security
    # encrypt: asked for confirmation, done on the worker, the window reloads
    with qtbot.waitSignal(window.loaded, timeout=20000):
        security.encrypt()
    assert "cannot be recovered" in asked[0] and "Also encrypt the 1 backups" in asked[1]
    assert not demo_db.read_bytes().startswith(b"SQLite format 3")
    assert "encrypted" in window.statusBar().currentMessage()
    cipher.forget()
    pw = demo_db.parent / "pw.txt"
    pw.write_text("first secret\n", encoding="utf-8")
    assert cli.main(["--db", str(demo_db), "--password-file", str(pw), "report", "--json"]) == 0
    assert capsys.readouterr().out == before
    cipher.remember(demo_db, cipher.Password("first secret"))  # as the window's start would have
    # change the password; a remembered one is forgotten (it no longer opens the ledger)
    keychain.remember(demo_db, cipher.Password("first secret"))
    answers["new"] = "second secret"
    with qtbot.waitSignal(window.loaded, timeout=20000):
        security.change_password()
    assert cipher.opens_with(demo_db, cipher.Password("second secret"))
    assert not cipher.opens_with(demo_db, cipher.Password("first secret"))
    assert fake_keyring.entries == {}
    # a wrong current password is refused in the prompt: Cancel after it changes nothing
    state = digest(demo_db)
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: (_fill_current(dialog, "wrong"), False)[1]
                        if isinstance(dialog, PasswordDialog) else False)
    security.decrypt()
    assert digest(demo_db) == state
    # decrypt
    monkeypatch.setattr(window, "exec_dialog", exec_dialog)
    answers["current"] = "second secret"
    with qtbot.waitSignal(window.loaded, timeout=20000):
        security.decrypt()
    assert demo_db.read_bytes().startswith(b"SQLite format 3")
    cipher.forget()
    assert cli.main(["--db", str(demo_db), "report", "--json"]) == 0
    assert capsys.readouterr().out == before


def test_the_security_dialog_shows_what_can_be_done(qapp):
    from desktop_app.ui.dialogs.security import NewPasswordDialog, SecurityDialog

    plain = SecurityDialog(encrypted=False, remembered=False, read_only=False)
    assert not plain.encrypt.isHidden() and plain.change.isHidden() and plain.decrypt.isHidden()
    assert plain.forget.isHidden() and "not encrypted" in plain.state.text()
    locked = SecurityDialog(encrypted=True, remembered=True, read_only=True)
    assert locked.encrypt.isHidden() and not locked.decrypt.isEnabled() and not locked.forget.isHidden()
    new = NewPasswordDialog("t")
    new.first.setText("a")
    new.second.setText("b")
    new._try()
    assert new.result() == 0 and "differ" in new.problem.text()
    new.first.setText("")
    new._try()
    assert "Enter the new password" in new.problem.text()


def test_the_window_restores_a_backup_made_before_a_password_change_with_its_password(
        demo_db, make_window, qtbot, monkeypatch):
    from desktop_app.services import protection
    from desktop_app.storage.file_writes import backup_dir
    from desktop_app.ui.dialogs.password import PasswordDialog

    protection.encrypt(demo_db, cipher.Password("first secret"))
    (old,) = [p for p in backup_dir(demo_db).glob("*.sqlite3")]  # the demo's daily backup, now encrypted
    protection.change_password(demo_db, cipher.Password("first secret"), cipher.Password("second secret"))
    window = make_window()
    prompts: list[str] = []

    def exec_dialog(dialog) -> bool:
        assert isinstance(dialog, PasswordDialog)
        prompts.append(dialog.windowTitle())
        return _fill_current(dialog, "second secret") or _fill_current(dialog, "first secret")

    monkeypatch.setattr(window, "ask", lambda title, text: True)
    # Cancel at the prompt restores nothing
    state = digest(demo_db)
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: prompts.append("cancelled") and False)
    window.files.restore_backup(str(old))
    assert prompts == ["cancelled"] and digest(demo_db) == state
    monkeypatch.setattr(window, "exec_dialog", exec_dialog)
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.files.restore_backup(str(old))
    assert len(prompts) == 2  # the ledger's password did not open it: asked, the wrong one refused, then right
    assert cipher.opens_with(demo_db, cipher.Password("first secret"))  # the restored ledger has the backup's


@pytest.mark.parametrize("answers, outcome", [((True, True), "encrypted"), ((True, False, True), "deleted"),
                                              ((True, False, False), "nothing")])
def test_encrypting_in_the_window_encrypts_or_deletes_the_plain_backups_as_chosen(
        demo_db, make_window, qtbot, monkeypatch, answers, outcome):
    from desktop_app.storage.file_writes import backup_dir
    from desktop_app.ui.dialogs.security import NewPasswordDialog

    window = make_window()
    backups = sorted(backup_dir(demo_db).glob("*.sqlite3"))
    assert backups  # the demo's daily backup, plain
    state = {p: digest(p) for p in [demo_db, *backups]}
    replies = list(answers)  # confirm encrypt; encrypt the backups?; delete them?
    monkeypatch.setattr(window, "exec_dialog", lambda d: isinstance(d, NewPasswordDialog) and _fill_new(d, "pw"))
    monkeypatch.setattr(window, "ask", lambda title, text: replies.pop(0))
    if outcome == "nothing":
        window.security.encrypt()
        assert replies == [] and {p: digest(p) for p in [demo_db, *backups]} == state
        return
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.security.encrypt()
    assert replies == [] and cipher.looks_encrypted(demo_db)
    if outcome == "encrypted":
        assert all(cipher.opens_with(p, cipher.Password("pw")) for p in backups)
    else:
        # Gone; the daily backup the reload takes may reuse a name freed in the same second: encrypted then.
        assert not any(p.exists() and not cipher.looks_encrypted(p) for p in backups)
        assert "deleted" in window.statusBar().currentMessage()


def test_a_wrong_password_message_squeezes_nothing(qtbot):
    """The message after a wrong password did not grow the dialog: the
    two-line intro was squeezed to one clipped line over the password field."""
    from desktop_app.ui.dialogs.password import PasswordDialog

    dialog = PasswordDialog("/home/someone/.local/share/PaperWealth/a-rather-long-ledger-name.sqlite3",
                            lambda text: False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.field.setText("nope")
    dialog._try()
    qtbot.wait(50)
    intro, field = dialog.intro, dialog.field
    assert intro.height() >= intro.heightForWidth(intro.width())
    assert intro.geometry().bottom() < field.geometry().top()
    assert dialog.problem.height() >= dialog.problem.heightForWidth(dialog.problem.width())


def test_encrypting_with_a_damaged_backup_says_so_and_reloads_the_encrypted_ledger(
        demo_db, make_window, qtbot, monkeypatch):
    """The ledger is encrypted, the damaged backup is not: the error names it,
    and the window reloads the ledger it now has (encrypted) rather than
    stay on the plain one it had before."""
    from desktop_app.storage.file_writes import backup_dir
    from desktop_app.ui.dialogs.security import NewPasswordDialog

    window = make_window()
    damaged = backup_dir(demo_db) / "demo-20000101T000000-daily.sqlite3"
    damaged.write_bytes(demo_db.read_bytes()[:3000])
    errors = []
    monkeypatch.setattr(window, "exec_dialog", lambda d: isinstance(d, NewPasswordDialog) and _fill_new(d, "pw"))
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    monkeypatch.setattr(window, "show_error", lambda error, *a, **k: errors.append(str(error)))
    with qtbot.waitSignal(window.loaded, timeout=20000):
        window.security.encrypt()
    assert cipher.looks_encrypted(demo_db) and damaged.name in errors[0] and "may hold readable data" in errors[0]
    assert window.snapshot is not None and window.snapshot.report.holdings
