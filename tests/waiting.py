"""Waiting for a state, never for a length of time: what tests use instead of sleeping.

``wait_until(done, "what")`` polls until ``done()`` is true and fails, saying
what did not happen, only after ``WAIT_MAX_S``: a bound so generous that only
something stuck reaches it. On a loaded machine a test gets slower, not red.
No test asserts how long anything took.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

WAIT_MAX_S = 120.0  # only a stuck test waits this long; pytest's own timeout is 300 s
APPTEST_TIMEOUT_S = 120  # AppTest's limit for one script run, for the same reason


def wait_until(done: Callable[[], object], what: str, *, timeout: float = WAIT_MAX_S) -> None:
    """Poll ``done()`` until it is true; fail with ``what`` if it never becomes so."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s: {what}")
        time.sleep(0.02)


def joined(thread: threading.Thread, what: str, *, timeout: float = WAIT_MAX_S) -> None:
    """Wait for ``thread`` to finish; fail with ``what`` if it never does."""
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError(f"still running after {timeout:g} s: {what}")
