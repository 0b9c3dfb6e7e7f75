"""Uploaded lists held in memory: how many are alive, and giving their memory back.

A 1,000,000-row upload, its verdicts and its plan take a few hundred MiB. The page keeps
them only while the person works on them (``views/_ui/upload.py``); this module lets the
app and its tests see that they really go (``held()`` counts the live objects, not
memory) and hands the freed memory back to the operating system (``give_back()``), which
the C allocator does not always do by itself.

    note(upload)            # flow does it for every Upload and Checked it makes
    held()                  # {"Upload": 1, "Checked": 2}
    give_back()             # after dropping them: collect, then trim the allocators
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import threading
import weakref
from collections.abc import Callable

_log = logging.getLogger(__name__)
_alive: weakref.WeakSet[object] = weakref.WeakSet()
_lock = threading.Lock()


def note(thing: object) -> None:
    """Count ``thing`` while it is alive."""
    with _lock:
        _alive.add(thing)


def held() -> dict[str, int]:
    """How many noted objects of each kind are alive now (kinds with none are left out)."""
    with _lock:
        alive = list(_alive)
    counts: dict[str, int] = {}
    for thing in alive:
        name = type(thing).__name__
        counts[name] = counts.get(name, 0) + 1
    return counts


def give_back() -> None:
    """Free what is no longer referenced and return the allocators' free pages to the OS.

    ``gc.collect`` frees what only cycles kept; pyarrow's pool releases its cached blocks;
    glibc's ``malloc_trim(0)`` returns the free pages of every arena (Streamlit runs each
    session's script on its own thread, and each thread may have its own arena, which
    glibc otherwise keeps)."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - pyarrow is a dependency; never fail a page on it
        _log.debug("pyarrow's pool could not release its memory", exc_info=True)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on another C library."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
