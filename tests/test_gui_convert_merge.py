"""The window's IPO conversion into a listing already held (the CLI's
``convert --merge``): it asks first, in the window's language; No leaves the
ledger as it was, Yes adds the shares to the listing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest


def _holding(window, symbol):
    return next((h for h in window.snapshot.report.holdings if h.symbol == symbol), None)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_converting_into_a_listing_already_held_asks_first(demo_db, make_window, qtbot, monkeypatch, language):
    window = make_window(language=language)
    questions: list[str] = []
    answers = [False, True]
    errors: list[str] = []
    monkeypatch.setattr(window, "inform", lambda title, text: errors.append(text))
    monkeypatch.setattr(window, "ask", lambda title, text: questions.append(text) or answers[len(questions) - 1])

    def fill(dialog):  # the demo's MOONSHOT (1,000 shares) typed into Zhipu's listing, held since 2026-01-08
        for column, text in {"target": "2513", "ratio": "1", "date": "2026-11-27"}.items():
            widget = dialog.widgets[column]
            (widget.setCurrentText if hasattr(widget, "setCurrentText") else widget.setText)(text)
        dialog.touched.update({"target", "ratio", "date"})
        return True

    monkeypatch.setattr(window, "exec_dialog", fill)
    before = hashlib.sha256(Path(demo_db).read_bytes()).hexdigest()
    window.private.convert_holding("MOONSHOT")  # No
    qtbot.waitUntil(lambda: len(questions) == 1, timeout=10000)
    assert "2513.HK" in questions[0] and "MOONSHOT" in questions[0] and "2026-01-08" in questions[0]
    if language == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", questions[0]) and not re.search(r"[a-z]{3,} [a-z]{3,}", questions[0])
    assert hashlib.sha256(Path(demo_db).read_bytes()).hexdigest() == before
    assert _holding(window, "2513.HK").position.quantity == 400

    with qtbot.waitSignal(window.loaded, timeout=15000):
        window.private.convert_holding("MOONSHOT")  # Yes: converted and reloaded
    assert len(questions) == 2 and errors == []
    # 400 held + 1,000 MOONSHOT x ratio 1 = 1,400
    assert _holding(window, "2513.HK").position.quantity == 1400
    moonshot = _holding(window, "MOONSHOT")
    assert moonshot is None or moonshot.position.quantity == 0
