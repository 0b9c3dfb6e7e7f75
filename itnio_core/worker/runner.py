"""The worker: everything that runs off the pages, started with the server or as
``itnio worker``, never waiting for a page to be opened.

It sends confirmed and due scheduled campaigns (``sending.Sender``), runs the report
checks pages ask for, and works bulk OTP lookups and backfills, reporting progress through
the store. Any number of workers and web processes may share one database: every piece of
work is claimed with a conditional update before it is done, so nothing is done twice.

    worker = Worker(console, kind="worker").start()
    ...
    worker.stop()
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from .. import quiet_hours
from ..bulk import worker as bulk_worker
from ..common import utc_now
from ..console import Console
from ..reports import jobs as report_jobs
from ..reports import report_client
from ..sending import Sender
from . import heartbeat

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # how often it looks for checks and bulk rows (the sender has its own)
CHECK_THREADS = 2
BULK_THREADS = 2


class Worker:
    def __init__(
        self,
        console: Console,
        *,
        kind: str = "worker",
        poll_seconds: float = POLL_SECONDS,
        sender: Sender | None = None,
    ) -> None:
        self.console = console
        self.store = console.store
        self.kind = kind
        self.poll_seconds = poll_seconds
        self.sender = sender or Sender(
            console.store,
            console.client_for,
            lease_seconds=console.settings.send_lease_seconds,
            clock=quiet_hours.clock_for(console.store, sandbox=console.is_sandbox),
        )
        self.id = ""
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._checks = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="itnio-check")
        self._bulk = ThreadPoolExecutor(BULK_THREADS, thread_name_prefix="itnio-bulk")
        self._busy: dict[tuple[str, int], Future[None]] = {}
        self._beaten_at: datetime | None = None

    # ------------------------------------------------------------ lifecycle
    def start(self) -> Worker:
        if self._thread is None:
            self.id = heartbeat.register(self.store, self.kind)
            self._beaten_at = utc_now()
            self.sender.start()
            self._thread = threading.Thread(target=self._loop, name="itnio-worker", daemon=True)
            self._thread.start()
            log.info("background work started (%s %s)", self.kind, self.id)
        return self

    def wake(self) -> None:
        """Look for work now (a campaign was confirmed, a check asked for)."""
        self.sender.wake()
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        self.sender.stop(wait=wait)
        if self._thread is not None and wait:
            self._thread.join(timeout=30)
        self._checks.shutdown(wait=wait, cancel_futures=True)
        self._bulk.shutdown(wait=wait, cancel_futures=True)
        if self.id:
            try:
                heartbeat.retire(self.store, self.id)
            except Exception:  # the database may be the reason we stop
                log.exception("could not record that background work stopped")

    def wait(self) -> None:
        """Block until ``stop()`` is called (``itnio worker`` in the foreground)."""
        self._stop.wait()

    # ------------------------------------------------------------ the loop
    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # a database hiccup must not end background work
                log.exception("background work step failed")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()

    def step(self) -> None:
        """One look: beat, recover what a crash left, and start checks and bulk jobs."""
        now = utc_now()
        if self._beaten_at is None or now - self._beaten_at >= heartbeat.BEAT_EVERY:
            heartbeat.beat(self.store, self.id)
            self._beaten_at = now
        self._busy = {k: f for k, f in self._busy.items() if not f.done()}
        bulk_worker.recover_stale(self.store)
        self._start_checks()
        self._start_bulk()

    def _start_checks(self) -> None:
        while sum(k[0] == "check" for k in self._busy) < CHECK_THREADS:
            claimed = report_jobs.claim_check(self.store)
            if claimed is None:
                return
            check_id, target, user = claimed
            client = report_client(self.console.settings, self.store, user)
            future = self._checks.submit(
                report_jobs.run_claimed, self.store, client, target, check_id
            )
            self._busy[("check", check_id)] = future

    def _start_bulk(self) -> None:
        for job_id in bulk_worker.jobs_with_work(self.store):
            if ("bulk", job_id) in self._busy:
                continue
            if sum(k[0] == "bulk" for k in self._busy) >= BULK_THREADS:
                return
            future = self._bulk.submit(bulk_worker.work_job, self.store, self.console.client_for,
                                       job_id)  # fmt: skip
            self._busy[("bulk", job_id)] = future
