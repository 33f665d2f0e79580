"""What a frozen (PyInstaller) build needs before anything else runs.

* A windowed Windows build has no console: ``sys.stdout`` and ``sys.stderr``
  are None, and any library that prints (yfinance's progress bar) would crash.
* curl (under curl_cffi, under yfinance) cannot open a CA bundle whose path
  is not ASCII (curl_cffi #584, #243): a Windows user named 张伟 has the app
  and its certifi bundle under ``C:\\Users\\张伟\\...``. The bundle is copied
  to an ASCII folder and ``CURL_CA_BUNDLE`` points there, before yfinance loads.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def ascii_ca_bundle(bundle: Path, candidates: Iterable[Path]) -> Path | None:
    """The bundle itself when its path is ASCII, else a copy in the first
    writable ASCII candidate folder (None when there is none)."""
    if str(bundle).isascii():
        return bundle
    for folder in candidates:
        if not str(folder).isascii():
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / "cacert.pem"
            if not target.exists() or target.stat().st_size != bundle.stat().st_size:
                shutil.copyfile(bundle, target)
            return target
        except OSError:
            continue
    return None


def ca_candidates() -> list[Path]:
    out = []
    for variable in ("PROGRAMDATA", "PUBLIC", "ALLUSERSPROFILE"):
        value = os.environ.get(variable)
        if value:
            out.append(Path(value) / "PaperWealth" / "certs")
    out.append(Path(tempfile.gettempdir()) / "PaperWealth-certs")
    if os.name == "nt":
        out.append(Path("C:/PaperWealth-certs"))
    return out


def ensure_streams(module=sys) -> None:
    """Give a console-less process somewhere harmless to print to."""
    for name in ("stdout", "stderr"):
        if getattr(module, name) is None:
            setattr(module, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the app


def prepare() -> None:
    """Call first in every entry point (harmless when not frozen)."""
    ensure_streams()
    if "CURL_CA_BUNDLE" in os.environ:
        return
    try:
        import certifi
    except ImportError:
        return
    bundle = Path(certifi.where())
    usable = ascii_ca_bundle(bundle, ca_candidates())
    if usable is not None and usable != bundle:
        os.environ["CURL_CA_BUNDLE"] = str(usable)


def check_frozen_network_stack() -> str | None:
    """In a frozen build, yfinance must have found curl_cffi (it silently falls
    back to requests otherwise), and keyring its backend for this OS
    (``check_frozen_keychain_stack``). Returns a problem, or None."""
    if not is_frozen() or os.environ.get("YF_DISABLE_CURL_CFFI"):
        return check_frozen_keychain_stack()
    try:
        from yfinance import _http
    except Exception as exc:  # noqa: BLE001 - reported by the smoke test
        return f"yfinance does not import in the frozen app: {exc!r}"
    if not getattr(_http, "HAS_CURL_CFFI", False):
        return "curl_cffi did not load in the frozen app (yfinance fell back to requests)"
    return check_frozen_keychain_stack()


# What keyring's backend needs on each OS ("remember on this computer"). keyring
# quietly falls back to no keychain when one of these fails to import, so a build
# that trimmed one away would only show as a password never remembered.
KEYCHAIN_MODULES = {
    "linux": ("keyring.backends.SecretService", "secretstorage", "cryptography.hazmat.primitives.ciphers"),
    "win32": ("keyring.backends.Windows", "win32ctypes.pywin32.win32cred"),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}


def check_frozen_keychain_stack(platform: str = sys.platform) -> str | None:
    """In a frozen build, the modules of this OS's keychain backend import
    (the keychain itself may be absent, as on a build machine). A problem, or None."""
    if not is_frozen():
        return None
    import importlib

    for name in KEYCHAIN_MODULES.get(platform, ()):
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported by the smoke test
            return f"the keychain backend does not load in the frozen app: {name}: {exc!r}"
    return None
