"""The frozen app's start-up fixes, checked on this machine."""

import os
import sys

from desktop_app import frozen


def test_an_ascii_bundle_is_used_where_it_is(tmp_path):
    bundle = tmp_path / "cacert.pem"
    bundle.write_text("certs")
    assert frozen.ascii_ca_bundle(bundle, []) == bundle


def test_a_bundle_under_a_chinese_user_name_is_copied_to_an_ascii_folder(tmp_path):
    home = tmp_path / "Users" / "张伟" / "AppData"
    home.mkdir(parents=True)
    bundle = home / "cacert.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    target = frozen.ascii_ca_bundle(bundle, [tmp_path / "用户" / "certs", tmp_path / "ascii" / "certs"])
    assert target == tmp_path / "ascii" / "certs" / "cacert.pem"
    assert str(target).isascii() and target.read_text() == bundle.read_text()
    assert frozen.ascii_ca_bundle(bundle, [tmp_path / "数据"]) is None


def test_prepare_points_curl_at_the_copy(tmp_path, monkeypatch):
    import certifi

    home = tmp_path / "张伟"
    home.mkdir()
    bundle = home / "cacert.pem"
    bundle.write_text("certs")
    monkeypatch.setattr(certifi, "where", lambda: str(bundle))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setattr(frozen, "ca_candidates", lambda: [tmp_path / "certs"])
    frozen.prepare()
    assert os.environ["CURL_CA_BUNDLE"] == str(tmp_path / "certs" / "cacert.pem")


def test_no_console_streams_are_replaced():
    from types import SimpleNamespace

    fake = SimpleNamespace(stdout=None, stderr=None)
    frozen.ensure_streams(fake)
    try:
        print("written nowhere", file=fake.stderr)
        assert fake.stdout is not None
    finally:
        fake.stdout.close()
        fake.stderr.close()


def test_the_network_check_only_applies_when_frozen(monkeypatch):
    import yfinance._http as http  # imported with YF_DISABLE_CURL_CFFI=1 (conftest): the process keeps requests

    assert frozen.check_frozen_network_stack() is None
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv("YF_DISABLE_CURL_CFFI", raising=False)

    monkeypatch.setattr(http, "HAS_CURL_CFFI", False)
    assert "curl_cffi" in frozen.check_frozen_network_stack()


def test_the_keychain_check_only_applies_when_frozen_and_names_what_failed(monkeypatch):
    assert frozen.check_frozen_keychain_stack("linux") is None  # not frozen: nothing to check
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    # this venv holds Linux's backend, secretstorage and cryptography: they import
    assert frozen.check_frozen_keychain_stack("linux") is None
    monkeypatch.setitem(frozen.KEYCHAIN_MODULES, "linux", ("keyring.backends.SecretService", "no_such_module_x"))
    problem = frozen.check_frozen_keychain_stack("linux")
    assert "keychain" in problem and "no_such_module_x" in problem
    # the smoke test's check reports it too (curl_cffi aside: YF_DISABLE_CURL_CFFI is set)
    monkeypatch.setitem(frozen.KEYCHAIN_MODULES, sys.platform, ("no_such_module_y",))
    monkeypatch.setenv("YF_DISABLE_CURL_CFFI", "1")
    assert "no_such_module_y" in frozen.check_frozen_network_stack()
    assert frozen.check_frozen_keychain_stack("plan9") is None  # no backend named for that OS
