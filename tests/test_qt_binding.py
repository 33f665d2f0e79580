"""The Qt binding we pin must not corrupt the interpreter.

PySide6 6.12.0 drops a reference to Python's ``True`` on each
``SignalInstance.emit()``: a few thousand emits (a long session, or this test)
abort the interpreter with "bool_dealloc". Run in a child process so a bad
binding fails this test instead of killing the test run.
"""

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

app = QApplication([])

class Source(QObject):
    changed = Signal(object, object)

source = Source()
seen = []
source.changed.connect(lambda a, b: seen.append(a))
button = QPushButton()
button.clicked.connect(lambda checked: seen.append(checked))
box = QCheckBox()
box.toggled.connect(lambda checked: seen.append(checked))

before = sys.getrefcount(True)
for _ in range(20000):
    source.changed.emit(1, None)
for _ in range(2000):
    button.click()
    box.toggle()
seen.clear()
print(before - sys.getrefcount(True))
"""


def test_thousands_of_signals_leave_true_alone():
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr[-800:]
    # A sound binding leaves True's reference count where it was (give or take
    # the few references the loop's own objects hold).
    assert abs(int(result.stdout.strip())) < 50, result.stdout
