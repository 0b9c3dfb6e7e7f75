"""Uploaded lists held in memory: how many are alive, and giving their memory back.

A 1,000,000-row upload, its verdicts and its plan take a few hundred MiB. The page keeps
them only while the person works on them (``views/_ui/upload.py``); this module lets the
app and its tests see that they really go (``held()`` counts the live objects, not
memory) and hands the freed memory back to the operating system (``give_back()``), which
the C allocator does not always do by itself.

    use_returning_allocators()  # once, in a process that holds uploads (the app)
    note(upload)            # flow does it for every Upload, Checked and CampaignPlan
    held()                  # {"Upload": 1, "Checked": 2, "CampaignPlan": 1}
    give_back()             # after dropping them: collect, then trim the allocators
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import weakref
from collections.abc import Callable

import pyarrow as pa  # type: ignore[import-untyped]

_log = logging.getLogger(__name__)
_alive: dict[int, weakref.ref[object]] = {}  # by id: a plan is a dataclass, not hashable


def note(thing: object) -> None:
    """Count ``thing`` while it is alive."""
    key = id(thing)
    _alive[key] = weakref.ref(thing, lambda _ref: _alive.pop(key, None))


def held() -> dict[str, int]:
    """How many noted objects of each kind are alive now (kinds with none are left out)."""
    counts: dict[str, int] = {}
    for ref in list(_alive.values()):
        thing = ref()
        if thing is not None:
            name = type(thing).__name__
            counts[name] = counts.get(name, 0) + 1
    return counts


M_ARENA_MAX = -8  # glibc's mallopt parameter


@functools.cache
def use_returning_allocators() -> None:
    """Allocators that can give memory back, whichever thread freed it (measured with a
    1,000,000-row upload, checked and planned in one thread and dropped in another: 529 MiB
    kept above the imports with pyarrow's default mimalloc pool, which only purges the
    calling thread's heap; 250 MiB with the system pool and ``malloc_trim``; less with two
    arenas). pyarrow allocates from glibc's malloc from now on, and glibc makes at most two
    arenas (Streamlit runs each script on a new thread, each of which would get its own)."""
    try:
        pa.set_memory_pool(pa.system_memory_pool())
    except Exception:  # pragma: no cover - pyarrow is a dependency
        _log.debug("pyarrow's pool could not be changed", exc_info=True)
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, 2)


def give_back() -> None:
    """Free what is no longer referenced and return the allocators' free pages to the OS.

    ``gc.collect`` frees what only cycles kept; pyarrow's pool releases its cached blocks;
    glibc's ``malloc_trim(0)`` returns the free pages of every arena (Streamlit runs each
    session's script on its own thread, and each thread may have its own arena, which
    glibc otherwise keeps)."""
    gc.collect()
    try:
        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - pyarrow is a dependency; never fail a page on it
        _log.debug("pyarrow's pool could not release its memory", exc_info=True)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on another C library."""
    libc = _libc()
    return libc.malloc_trim if libc is not None else None


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc (with ``malloc_trim`` and ``mallopt``), or None on another C library."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018  (both there: glibc)
    except (OSError, AttributeError):
        return None
    return libc
