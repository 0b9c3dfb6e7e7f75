"""The background sender: turns confirmed campaigns into API requests.

The rules that make a send happen at most once:
- a request is claimed with one conditional UPDATE (pending → in_flight)
  before it is made, so two workers, tabs or processes cannot both make it;
- its answer is recorded in the same transaction that marks it done (a
  worker claims its next request in that transaction too, so that claim is
  also committed before the request is made);
- a request left in flight by a crash, or whose answer never came, becomes
  "unknown" and is never made again automatically;
- only a request that certainly never reached the platform goes back to
  pending.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import timedelta

import sqlalchemy as sa

from .. import quiet_hours
from ..api import ItnioClient, SendAnswer
from ..campaigns import INTERRUPTED, REFUSED, request_log
from ..campaigns import store as cs
from ..common import ApiStatusError, ItnioError, TransportError, utc_now
from ..store import Store, campaigns, recipients, send_requests
from . import queue as send_queue

log = logging.getLogger(__name__)

# Said after the cause when a request's outcome is unknown; the campaign page counts them.
UNKNOWN_EN = (
    "Nobody can tell whether the messages of that request were sent, so they will not be "
    "sent again automatically."
)
UNKNOWN_ZH = "无法确定该请求中的短信是否已发出，系统不会自动重发。"


# The platform's "insufficient balance": the campaign waits for a top-up (paused), and
# Resume sends what waits (money.topup says so on the page).
BALANCE_TOO_LOW = -10

CHORES_INTERVAL = 0.5  # seconds between chores while requests are in flight

# Through the (campaign_id, state) index (every request has a campaign), not a scan of
# every request's row, each of which carries its whole body.
_STALE = sa.select(send_requests.c.id, send_requests.c.campaign_id).where(
    send_requests.c.campaign_id.in_(sa.select(campaigns.c.id).scalar_subquery()),
    send_requests.c.state == "in_flight",
    send_requests.c.started_at < sa.bindparam("b_cutoff"),
    send_requests.c.claimed_by != sa.bindparam("b_by"),
)


class Sender:
    """One per process. ``wake()`` after confirming a campaign to start at once."""

    def __init__(
        self,
        store: Store,
        client_for: Callable[[str | None], ItnioClient],
        *,
        max_in_flight: int = 4,
        poll_interval: float = 1.0,
        lease_seconds: float = 120.0,
        clock: quiet_hours.Clock | None = None,
    ) -> None:
        self.store = store
        # What quiet hours are judged by (epoch seconds): holding and releasing recipients.
        self._clock = clock or quiet_hours.clock_for(store, sandbox=False)
        self._client_for = client_for
        self.max_in_flight = max_in_flight
        self.poll_interval = poll_interval
        self.lease = timedelta(seconds=lease_seconds)
        self.id = uuid.uuid4().hex
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_in_flight, thread_name_prefix="itnio-send")
        self._in_flight: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._last_chores = -CHORES_INTERVAL

    # ------------------------------------------------------------ lifecycle
    def start(self) -> Sender:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="itnio-sender", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None and wait:
            self._thread.join(timeout=30)
        self._pool.shutdown(wait=wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if not self._step(chain=True) and self._idle():
                    request_log.materialise(self.store)  # quiet time: msgIds onto their rows
            except Exception:  # the loop must survive a database hiccup
                log.exception("sender step failed")
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    # ------------------------------------------------------------ one pass
    def step(self) -> int:
        """Recover, start due campaigns, claim and launch requests. Returns launched count.

        While requests are in flight, the chores (recovering stale requests,
        starting due campaigns, finishing done ones) run at most every
        ``CHORES_INTERVAL`` seconds; claiming and launching run every time.
        Each launched request is made once; the sender's own loops also let
        each one chain on to the next (see ``_run_request``).
        """
        return self._step(chain=False)

    def _step(self, *, chain: bool) -> int:
        with self._lock:
            self._in_flight = {f for f in self._in_flight if not f.done()}
            room = self.max_in_flight - len(self._in_flight)
            idle = not self._in_flight
        clock = time.monotonic()
        chores = idle or clock - self._last_chores >= CHORES_INTERVAL
        if chores:
            self._last_chores = clock
            self.recover_stale()
            self._start_due()
        launched = 0
        for request_id in self._claim(room):
            future = self._pool.submit(self._run_request, request_id, chain)
            future.add_done_callback(lambda _f: self._wake.set())
            with self._lock:
                self._in_flight.add(future)
            launched += 1
        if chores:
            self._finish_done_campaigns()
        return launched

    def _idle(self) -> bool:
        with self._lock:
            return all(f.done() for f in self._in_flight)

    def run_until_idle(self, timeout: float = 600.0, *, materialise: bool = True) -> None:
        """Send in this thread until nothing is pending or in flight (CLI, tests).

        Every msgId is stored when a request's answer is; ``materialise``
        also copies them onto the recipient rows before returning.
        """
        deadline = utc_now() + timedelta(seconds=timeout)
        while utc_now() < deadline:
            self._step(chain=True)
            with self._lock:
                busy = [f for f in self._in_flight if not f.done()]
            if not busy and not self._has_work():
                self._finish_done_campaigns()
                if materialise:
                    request_log.materialise(self.store)
                return
            if not busy:  # another sender holds the rest: look again shortly
                time.sleep(0.05)
                continue
            # with a timeout, so the chores still run while chains go on
            done, _ = wait(busy, timeout=CHORES_INTERVAL, return_when=FIRST_COMPLETED)
            for future in done:
                future.result()  # an unexpected error in a request surfaces here
        raise TimeoutError("sending did not finish in time")

    def _has_work(self) -> bool:
        q = (
            sa.select(sa.func.count())
            .select_from(send_requests.join(campaigns))
            .where(
                send_requests.c.state.in_(("pending", "in_flight")),
                campaigns.c.status == cs.SENDING,
            )
        )
        with self.store.engine.connect() as conn:
            return bool(conn.execute(q).scalar())

    def recover_stale(self) -> int:
        """In-flight requests older than the lease, not ours: outcome unknown."""
        cutoff = utc_now() - self.lease
        with self.store.engine.begin() as conn:
            stale = conn.execute(_STALE, {"b_cutoff": cutoff, "b_by": self.id}).all()
        for request_id, campaign_id in stale:
            # A crash, not a live timeout: keep the campaign going without this request.
            self._mark_unknown(int(request_id), int(campaign_id), None, stop=False)
        return len(stale)

    def _start_due(self) -> None:
        """Queued and due campaigns start sending; recipients whose quiet hours are on are
        held in the same transaction (a test to oneself never is); held ones whose window
        has opened are released."""
        due = sa.or_(
            campaigns.c.status == cs.QUEUED,
            sa.and_(campaigns.c.status == cs.SCHEDULED, campaigns.c.scheduled_at <= utc_now()),
        )
        with self.store.engine.connect() as conn:
            found = conn.execute(sa.select(campaigns.c.id, campaigns.c.is_test).where(due)).all()
        now = quiet_hours.moment(self._clock)
        if found:
            rules = quiet_hours.rules.load(self.store)
            with self.store.engine.begin() as conn:
                for campaign_id, is_test in found:
                    started = conn.execute(
                        campaigns.update()
                        .where(campaigns.c.id == campaign_id, due)
                        .values(
                            status=cs.SENDING,
                            started_at=sa.func.coalesce(campaigns.c.started_at, utc_now()),
                        )
                    ).rowcount
                    if started and rules and not is_test:
                        quiet_hours.hold_closed(conn, int(campaign_id), rules, now)
        if quiet_hours.holds.any_due(self.store.engine, now):
            with self.store.engine.begin() as conn:
                quiet_hours.release_due(conn, now)

    def _claim(self, room: int) -> list[int]:
        if room <= 0:
            return []
        with self.store.engine.begin() as conn:
            return send_queue.claim(conn, self.id, room)

    # ------------------------------------------------------------ one request
    def _run_request(self, request_id: int, chain: bool = False) -> None:
        """Make a claimed request; with ``chain``, then each next one this thread claims
        in the transaction that records an answer, until none is left or we stop.

        Chaining spares a hand-off to the sender's loop and a transaction per
        request, and keeps the platform busy between one answer and the next.
        """
        with self.store.engine.connect() as conn:
            request: request_log.LoadedRequest | None = request_log.load(conn, request_id)
        while request is not None:
            request = self._make(request, chain)

    def _make(
        self, request: request_log.LoadedRequest, chain: bool
    ) -> request_log.LoadedRequest | None:
        """One request made and its outcome stored; returns the next one it claimed."""
        request_id, campaign_id = request.request_id, request.campaign_id
        client = self._client_for(request.user)
        # With the console's wiring the call is recorded in the store: then it is written
        # with the answer, one transaction instead of two.
        hold = client.recorder is self.store
        try:
            answer = client.send_request_answer(request.items, hold_record=hold)
        except TransportError as exc:
            if exc.may_have_reached_server:
                self._mark_unknown(request_id, campaign_id, exc)
            else:
                self._not_sent(request_id, campaign_id, exc)
            return None
        except ItnioError as exc:
            self._not_sent(request_id, campaign_id, exc)
            return None
        except Exception:
            log.exception("unexpected error sending request %s", request_id)
            self._mark_unknown(request_id, campaign_id, None)
            raise
        return self.record_result(
            request_id, campaign_id, answer, claim_next=chain and not self._stop.is_set()
        )

    def record_result(
        self, request_id: int, campaign_id: int, answer: SendAnswer, *, claim_next: bool = False
    ) -> request_log.LoadedRequest | None:
        """Store the answer (every msgId, as the platform's own text) and mark the request
        done, in one transaction.

        With ``claim_next``, the same transaction claims the next pending
        request, which is returned loaded: its claim is durable before it is
        made, as every claim is.
        """
        try:
            return send_queue.finish(
                self.store.engine,
                request_id,
                answer.accepted,
                answer.text,
                call=answer.record,
                claim_by=self.id if claim_next else None,
            )
        except Exception:
            if answer.record is not None:  # the call was made: keep it in the log at least
                with contextlib.suppress(Exception):
                    self.store.record_call(answer.record)
            raise

    def _mark_unknown(
        self, request_id: int, campaign_id: int, exc: ItnioError | None, *, stop: bool = True
    ) -> None:
        with self.store.engine.begin() as conn:
            changed = conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id, send_requests.c.state == "in_flight")
                .values(
                    state="unknown",
                    finished_at=utc_now(),
                    outcome=exc.kind if isinstance(exc, TransportError) else INTERRUPTED,
                    http_status=exc.http_status if isinstance(exc, TransportError) else None,
                    error_en=exc.user_message if exc else "Interrupted while sending.",
                    error_zh=exc.message_zh if exc else "发送过程中被中断。",
                )
            ).rowcount
            if not changed:
                return
            conn.execute(
                recipients.update()
                .where(
                    recipients.c.campaign_id == campaign_id, recipients.c.request_id == request_id
                )
                .values(
                    submit_status="unknown",
                    error="Outcome unknown: the platform did not answer. Not re-sent.",
                )
            )
            if stop:  # the platform is not answering: let the person look before going on
                en = f"{exc.user_message if exc else 'Interrupted.'} {UNKNOWN_EN}"
                zh = f"{exc.message_zh if exc else '发送被中断。'}{UNKNOWN_ZH}"
                self._stop_campaign(conn, campaign_id, None, en, zh)

    def _not_sent(self, request_id: int, campaign_id: int, exc: ItnioError) -> None:
        """Refused by the platform, or never reached it: nothing in it was sent.

        The request goes back to pending (resuming makes it once) and the
        campaign stops with the plain-words reason.
        """
        code = exc.status if isinstance(exc, ApiStatusError) else None
        refused = code is not None
        with self.store.engine.begin() as conn:
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(
                    state="pending",
                    claimed_by=None,
                    started_at=None,
                    status_code=code,
                    outcome=REFUSED if refused else getattr(exc, "kind", None),
                    http_status=getattr(exc, "http_status", None),
                    error_en=exc.user_message,
                    error_zh=exc.message_zh,
                )
            )
            status = cs.PAUSED if code == BALANCE_TOO_LOW else cs.STOPPED
            self._stop_campaign(
                conn, campaign_id, code, exc.user_message, exc.message_zh, status=status
            )

    @staticmethod
    def _stop_campaign(
        conn: sa.Connection,
        campaign_id: int,
        code: int | None,
        en: str,
        zh: str,
        *,
        status: str = cs.STOPPED,
    ) -> None:
        conn.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status.in_(cs.ACTIVE))
            .values(status=status, stop_code=code, stop_message_en=en, stop_message_zh=zh)
        )

    def _finish_done_campaigns(self) -> None:
        open_requests = (
            sa.select(send_requests.c.id)
            .where(
                send_requests.c.campaign_id == campaigns.c.id,
                send_requests.c.state.in_(("pending", "in_flight", quiet_hours.HELD)),
            )
            .exists()
        )
        with self.store.engine.begin() as conn:
            conn.execute(
                campaigns.update()
                .where(campaigns.c.status == cs.SENDING, ~open_requests)
                .values(status=cs.FINISHED, finished_at=utc_now())
            )
