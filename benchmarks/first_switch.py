"""The first switch to the Performance tab, in ms: the real main window on a
copy of DB (offscreen), loaded (``loaded``), then ``tabs.setCurrentIndex(4)``,
``processEvents()`` and a ``repaint()`` of the page, timed with
``perf_counter``; a new window per run. The measuring itself runs on the
database worker afterwards, not timed.

    PYTHONPATH=TREE python benchmarks/first_switch.py DB [--runs 5]

Run it once per tree (the tree first on ``PYTHONPATH``), alternately, on copies
of the same database."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import build_main_window

    app = QApplication([])
    copy = os.path.join(tempfile.mkdtemp(prefix="pw-switch-"), "ledger.sqlite3")
    shutil.copyfile(args.db, copy)
    times = []
    for _ in range(args.runs):
        window = build_main_window(copy, "en", price_source=lambda: None)
        loaded: list[bool] = []
        window.loaded.connect(lambda: loaded.append(True))
        window.show()
        while not loaded:
            app.processEvents()
            time.sleep(0.005)
        start = time.perf_counter()
        window.tabs.setCurrentIndex(4)
        app.processEvents()
        window.tabs.currentWidget().repaint()
        times.append((time.perf_counter() - start) * 1000)
        window.close()
        window.deleteLater()
        app.processEvents()
    print("first switch to Performance, ms:", " ".join(f"{t:.0f}" for t in times),
          f"median {statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
