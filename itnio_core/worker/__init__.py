"""Background work, off the pages: sending, scheduled campaigns, report checks and bulk OTP
lookups and backfills, started with the app's server or as ``itnio worker``.

Modules:
  runner     ``Worker(console, kind=...)``: ``start``, ``wake``, ``stop``; every piece of work
             claimed in the store first, so any number of workers share one database.
  heartbeat  each worker's heartbeat: ``liveness`` (running, since when), ``register``.
  waiting    what waits for background work (``waiting``) and the page's ``warning`` when
             nothing has run it for a minute.

``start_here`` and ``stop_here`` run one worker inside this process (the web server's, when
``ITNIO_WORKER_IN_WEB`` allows it); ``wake`` tells it there is new work at once.
"""

from __future__ import annotations

import threading

from ..console import Console
from .heartbeat import Liveness, WorkerInfo, liveness
from .runner import Worker
from .waiting import Notice, Waiting, waiting, warning

_here: Worker | None = None
_here_lock = threading.Lock()


def start_here(console: Console, kind: str = "web") -> Worker:
    """The one worker of this process, started on first call."""
    global _here
    with _here_lock:
        if _here is None:
            _here = Worker(console, kind=kind).start()
        return _here


def stop_here() -> None:
    global _here
    with _here_lock:
        worker, _here = _here, None
    if worker is not None:
        worker.stop()


def wake() -> None:
    """New work: the worker of this process (if any) looks at once; others within a second."""
    with _here_lock:
        worker = _here
    if worker is not None:
        worker.wake()


__all__ = [
    "Liveness",
    "Notice",
    "Waiting",
    "Worker",
    "WorkerInfo",
    "liveness",
    "start_here",
    "stop_here",
    "waiting",
    "wake",
    "warning",
]
