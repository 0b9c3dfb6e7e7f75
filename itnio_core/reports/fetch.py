"""Asking the platform about many messages: getReport in calls of 200, a few in flight.

``fetch_pages`` asks ``getReport`` in calls of at most 200 msgIds, a few in
flight at once, and hands back each call's answer merged by msgId: a msgId
the platform did not mention is "not found yet" (``None``), never dropped.
``fetch_answers`` makes the same calls for a big check and hands back each
answer as columns lined up with the msgIds asked, for SQLite to store in a
few statements per batch (``answers.py``), without a Python step per message. Storing what
was seen is ``store.py``; running a check in the background is ``jobs.py``.

    for page in fetch_pages(client, msg_ids):          # in the order the calls finish
        page.statuses                                  # {msgId: ReportItem | None}
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, Final, TypeVar

from ..api import (
    SENDING,
    CallRecorder,
    ItnioClient,
    KeepAliveSession,
    Report,
    ReportItem,
)
from ..common import MSGIDS_PER_REPORT_MAX, Settings, chunked

log = logging.getLogger(__name__)

WORKERS: Final = 4  # getReport calls in flight at once
T = TypeVar("T")


# ------------------------------------------------------------------ chunking and merging
def unique_ids(msg_ids: Iterable[str]) -> list[str]:
    """Stripped, non-empty, each once, in first-seen order."""
    return list(dict.fromkeys(s for s in (str(m).strip() for m in msg_ids) if s))


def merge_answer(asked: Sequence[str], reports: Iterable[Report]) -> dict[str, ReportItem | None]:
    """Every asked msgId → the platform's item, or None when it was not in any answer.

    A msgId answered twice keeps its most final status (delivered or failed over
    still sending), then the later answer. Items for ids nobody asked about are ignored.
    """
    merged: dict[str, ReportItem | None] = dict.fromkeys(asked)
    for report in reports:
        for item in report.items:
            if item.msg_id not in merged:
                continue
            before = merged[item.msg_id]
            if before is None or not (before.status != SENDING and item.status == SENDING):
                merged[item.msg_id] = item
    return merged


def report_client(
    settings: Settings, recorder: CallRecorder | None = None, user: str | None = None
) -> ItnioClient:
    """A client for a check: its own keep-alive connections, calls recorded as usual."""
    return ItnioClient(settings, recorder=recorder, user=user, session=KeepAliveSession(WORKERS))


@dataclass(frozen=True)
class Page:
    """One getReport call: what was asked and what came back for each id."""

    index: int  # which chunk
    asked: Sequence[str]
    statuses: dict[str, ReportItem | None]
    report: Report

    @property
    def not_found(self) -> int:
        return sum(1 for v in self.statuses.values() if v is None)


def fetch_pages(
    client: ItnioClient,
    msg_ids: Sequence[str],
    *,
    workers: int = WORKERS,
    stop: Callable[[], bool] | None = None,
) -> Iterator[Page]:
    """Ask about ``msg_ids`` (already unique) in calls of at most 200, ``workers`` at a time.

    Pages come back as their calls finish. The first call that fails raises its
    ``ItnioError`` (the client already retried it); calls not started are cancelled,
    pages already yielded stay valid. ``stop()`` returning True ends it early.
    """
    chunks = chunked(msg_ids, MSGIDS_PER_REPORT_MAX)

    def call(index: int, chunk: Sequence[str]) -> Report:
        return client.get_report_page(chunk)

    for index, report in in_flight(chunks, call, workers, stop):
        asked = chunks[index]
        yield Page(index, asked, merge_answer(asked, [report]), report)


# ------------------------------------------------------------------ answers, for SQLite
ITEM_KEYS: Final = ("msgId", "number", "receiveTime", "status")
_item_fields = itemgetter(*ITEM_KEYS)
_PLAIN_STATUSES: Final = frozenset({"0", "1", "-1", 0, 1, -1})
_PLAIN_TYPES: Final = frozenset({str, int})
_NOT_FOUND: Final[tuple[str, str, None]] = ("", "", None)


@dataclass(frozen=True)
class Answer:
    """One getReport call as columns, one entry per msgId asked, in the order asked.

    Not found: number and receiveTime "" and status None. Made on the call's own
    thread (``answer_columns``), so storing them is a few SQL statements per batch.
    """

    index: int
    asked: Sequence[str]
    numbers: Sequence[str]
    times: Sequence[str]
    statuses: Sequence[int | str | None]  # "0", "1", "-1" or their ints: SQLite makes ints
    answer: Mapping[str, Any]

    def page(self) -> Page:
        """The same call as ``fetch_pages`` gives it: a ``ReportItem`` per message."""
        report = Report.from_json(self.answer)
        return Page(self.index, self.asked, merge_answer(self.asked, [report]), report)


def answer_columns(index: int, asked: Sequence[str], answer: Mapping[str, Any]) -> Answer:
    """``answer`` lined up with ``asked``, without a Python step per message when it is plain.

    Plain: every item has text fields and a documented status, no msgId twice,
    none that was not asked. Anything else goes through ``merge_answer`` and the
    model's own reading of each field, so both give the same columns.
    """
    array = answer.get("array")
    try:
        flat = tuple(chain.from_iterable(map(_item_fields, array))) if array else ()
    except (KeyError, TypeError):  # an item without a field, or not an object
        flat = None
    if flat is not None and _PLAIN_TYPES.issuperset(map(type, flat)):
        ids, statuses = flat[0::4], flat[3::4]
        seen = set(ids)
        wanted = set(asked)
        plain = len(seen) == len(ids) and len(wanted) == len(asked) and seen <= wanted
        if plain and _PLAIN_STATUSES.issuperset(statuses):
            if ids == tuple(asked):  # the usual answer: every msgId, in the order asked
                return Answer(index, asked, flat[1::4], flat[2::4], statuses, answer)
            by_id = dict(zip(ids, zip(flat[1::4], flat[2::4], statuses, strict=True), strict=True))
            rows = [by_id.get(m, _NOT_FOUND) for m in asked]
            return Answer(index, asked, *_columns(rows), answer)
    merged = merge_answer(asked, [Report.from_json(answer)])
    rows = [
        _NOT_FOUND if i is None else (i.number, i.receive_time, i.status) for i in merged.values()
    ]
    return Answer(index, list(merged), *_columns(rows), answer)


def _columns(rows: list[tuple[str, str, int | str | None]]) -> tuple[Any, Any, Any]:
    if not rows:
        return (), (), ()
    numbers, times, statuses = zip(*rows, strict=True)
    return numbers, times, statuses


def fetch_answers(
    client: ItnioClient,
    msg_ids: Sequence[str],
    *,
    workers: int = WORKERS,
    stop: Callable[[], bool] | None = None,
) -> Iterator[Answer]:
    """The calls of ``fetch_pages``, each answer lined up with what it asked (see ``Answer``)."""
    chunks = chunked(msg_ids, MSGIDS_PER_REPORT_MAX)

    def call(index: int, chunk: Sequence[str]) -> Answer:
        return answer_columns(index, chunk, client.get_report_answer(chunk))

    for _, answer in in_flight(chunks, call, workers, stop):
        yield answer


IN_FLIGHT_PER_WORKER = 8  # calls queued per thread, so a pause to store leaves them busy


def in_flight(
    chunks: list[Sequence[str]],
    call: Callable[[int, Sequence[str]], T],
    workers: int,
    stop: Callable[[], bool] | None,
) -> Iterator[tuple[int, T]]:
    """``(index, call(index, chunks[index]))`` as the calls finish, ``workers`` at a time."""
    if not chunks:
        return
    workers = max(1, workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report") as pool:
        pending: dict[Future[T], int] = {}
        next_chunk = 0
        try:
            while next_chunk < len(chunks) or pending:
                while next_chunk < len(chunks) and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                    pending[pool.submit(call, next_chunk, chunks[next_chunk])] = next_chunk
                    next_chunk += 1
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=pending.__getitem__):
                    index = pending.pop(future)
                    yield index, future.result()
                if stop is not None and stop():
                    return
        finally:
            for future in pending:
                future.cancel()
