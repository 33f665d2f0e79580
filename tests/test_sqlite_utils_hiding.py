"""sqlite-utils is imported with pandas and numpy hidden from the importing
thread only: the window's first write (a migration, on the preload thread)
runs while the GUI thread imports pyqtgraph and so numpy. Hidden from every
thread (``None`` in ``sys.modules``), that import failed at random and the
window did not open ("import of numpy halted"), on the first start after an
upgrade."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Stands in for sqlite-utils: while it is being imported, another thread imports numpy (as the GUI
# thread imports pyqtgraph while the preload thread migrates), then it tries pandas and numpy itself.
FAKE_SQLITE_UTILS = '''
import threading
seen = {}
try:
    import pandas
    seen["pandas here"] = "imported"
except ImportError:
    seen["pandas here"] = "hidden"

def other_thread():
    try:
        import numpy
        seen["numpy there"] = numpy.__name__
    except ImportError as exc:
        seen["numpy there"] = "failed: %s" % exc

thread = threading.Thread(target=other_thread)
thread.start()
thread.join()
'''


def _run(code: str, tmp_path: Path) -> dict:
    (tmp_path / "sqlite_utils.py").write_text(FAKE_SQLITE_UTILS)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=tmp_path).stdout
    return json.loads(out)


def test_another_thread_imports_numpy_while_sqlite_utils_loads(tmp_path):
    result = _run(
        "import json, sys\n"
        "from desktop_app.storage.handle import _sqlite_utils\n"
        "module = _sqlite_utils()\n"
        "print(json.dumps({**module.seen, 'pandas loaded': 'pandas' in sys.modules,\n"
        "                  'finders left': sum(type(f).__name__ == '_HiddenFromThisThread' for f in sys.meta_path)}))\n",
        tmp_path)
    assert result == {"pandas here": "hidden", "numpy there": "numpy", "pandas loaded": False, "finders left": 0}


def test_hidden_only_from_the_importing_thread_and_only_while_it_imports(tmp_path):
    result = _run(
        "import json, sys, threading\n"
        "from desktop_app.storage.handle import _HiddenFromThisThread\n"
        "hider = _HiddenFromThisThread(('numpy',))\n"
        "sys.meta_path.insert(0, hider)\n"
        "try:\n"
        "    import numpy\n"
        "    here = 'imported'\n"
        "except ModuleNotFoundError as exc:\n"
        "    here = exc.name\n"
        "sys.meta_path.remove(hider)\n"
        "import json as again\n"  # other names pass through
        "import numpy\n"
        "print(json.dumps({'here': here, 'after': numpy.__name__}))\n",
        tmp_path)
    assert result == {"here": "numpy", "after": "numpy"}
