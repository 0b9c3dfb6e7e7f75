"""A gate in front of one of the sandbox's endpoints: a platform that holds requests until the
test says so, instead of a latency the test would have to race.

    gate = Gate(sandbox.simulator, "send_batch", allow=2)   # 2 sends answered, then held
    wait_until(lambda: gate.held == 4, "four sends held")  # they reached the platform
    gate.open()                                             # held and later ones go through

A held request has reached the platform and is taken in (numbers accepted) only when the
gate opens, whether or not the caller is still there to read the answer.
"""

from __future__ import annotations

import threading
from typing import Any

from itnio_core.sandbox import Simulator
from tests.waiting import WAIT_MAX_S


class Gate:
    def __init__(self, simulator: Simulator, method: str, *, allow: int = 0) -> None:
        self._allow = allow
        self._lock = threading.Lock()
        self._opened = threading.Event()
        self._let_in = 0  # let through before the gate opened
        self.held = 0  # waiting at the gate now
        self.answered = 0
        original = getattr(simulator, method)

        def gated(*args: Any) -> Any:
            with self._lock:
                wait = not self._opened.is_set() and self._let_in >= self._allow
                self.held += wait
                self._let_in += not wait
            if wait:
                self._opened.wait(WAIT_MAX_S)
                with self._lock:
                    self.held -= 1
            answer = original(*args)
            with self._lock:
                self.answered += 1
            return answer

        setattr(simulator, method, gated)

    def open(self) -> None:
        self._opened.set()
