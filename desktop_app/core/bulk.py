"""Bulk work on 100k rows: the cyclic garbage collector paused meanwhile.

Reading, booking or importing a large ledger makes hundreds of thousands of
objects that live on and hold no reference cycles; the collector would only
spend time rescanning them (about a tenth of a cache rebuild, ~1 s of an
old 100k import). Restored afterwards, whatever happens; nesting is fine.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    collect = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.enable()
