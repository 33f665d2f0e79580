"""Issue 6's proof on this machine: freeze the one-folder app with
packaging/build.py, run the frozen window's --smoke-test offscreen (which
fails unless curl_cffi loaded), and check that a frozen
``paperwealth-cli report --json`` on the demo portfolio is the document the
source gives. Takes a few minutes: PyInstaller analyses PySide6 twice."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(sys.platform != "linux", reason="CI freezes on Linux; other OSes build in the workflow")
def test_the_frozen_app_starts_and_reports_like_the_source(tmp_path):
    figures = tmp_path / "figures.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("YF_DISABLE_CURL_CFFI", None)  # the frozen check needs the real HTTP stack
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--json", str(figures)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads(figures.read_text())
    assert data["report_identical"] is True
    assert data["frozen_smoke_test"].startswith("passed")
    # Issue 17: the frozen CLI encrypts a ledger and reports it the same; the frozen window opens it
    assert data["encrypted_report_identical"] is True and data["encrypted_smoke_test"].startswith("passed")
    assert (ROOT / "dist" / "PaperWealth" / "PaperWealth").exists()
    assert (ROOT / "dist" / "PaperWealth" / "paperwealth-cli").exists()
    # Issue 6's targets: folder under 250 MB, `tar | xz -6` under 80 MB (the measured figures are
    # in docs/benchmarks.md, "Issue 6: size again": 247.1 MB and 62.4 MB). The download size is
    # held to the target itself; the folder gets 15 MB of room, because CI installs the newest
    # PySide6/numpy/pandas each run and one release can add a few MB to a folder 3 MB under its
    # target. A folder over 250 MB is still a regression to fix: docs/benchmarks.md says so.
    assert data["xz_mb"] < 80
    assert data["folder_mb"] < 265
    print(json.dumps(data))
