"""The stop list: numbers that opted out and must never be sent a campaign."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..common import STOP_NOTE_MAX_CHARS, aware, check_pasted, check_stop_note, chunked, utc_now
from ..phones import normalise_many
from ..store import Store, stop_list


@dataclass(frozen=True)
class StopEntry:
    number: str
    added_at: datetime
    added_by: str | None
    note: str


def add(store: Store, numbers: Iterable[str], *, user: str | None, note: str = "") -> int:
    """Add normalised numbers; returns how many were new."""
    wanted = {n for n in numbers if n}
    if not wanted:
        return 0
    existing = numbers_in(store, wanted)
    new = sorted(wanted - existing)
    if new:
        at = utc_now()
        with store.engine.begin() as conn:
            conn.execute(
                stop_list.insert(),
                [
                    {
                        "number": n,
                        "added_at": at,
                        "added_by": user,
                        "note": note[:STOP_NOTE_MAX_CHARS],
                    }
                    for n in new
                ],
            )
    return len(new)


def remove(store: Store, numbers: Iterable[str]) -> int:
    values = list({n for n in numbers if n})
    if not values:
        return 0
    with store.engine.begin() as conn:
        return int(conn.execute(stop_list.delete().where(stop_list.c.number.in_(values))).rowcount)


def numbers_in(store: Store, numbers: Iterable[str]) -> set[str]:
    """Which of ``numbers`` are on the list (queried in slices to bound the SQL)."""
    values = list(numbers)
    found: set[str] = set()
    with store.engine.connect() as conn:
        for part in chunked(values, 900):
            found.update(
                conn.execute(
                    sa.select(stop_list.c.number).where(stop_list.c.number.in_(part))
                ).scalars()
            )
    return found


def all_numbers(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(stop_list.c.number)).scalars())


def entries(store: Store, search: str = "", limit: int = 500) -> list[StopEntry]:
    q = sa.select(stop_list).order_by(stop_list.c.added_at.desc()).limit(limit)
    if search.strip():
        q = q.where(stop_list.c.number.contains(search.strip()))
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return [
        StopEntry(r["number"], aware(r["added_at"]), r["added_by"], r["note"] or "") for r in rows
    ]


def count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(stop_list)).scalar_one())


@dataclass(frozen=True)
class ImportResult:
    added: int
    already: int
    # (line or Excel row, as written, reason, reason in Chinese)
    problems: list[tuple[int, str, str, str]]


def add_values(
    store: Store,
    values: Sequence[str],
    rows: Sequence[int],
    *,
    country: str | None,
    user: str | None,
    note: str = "",
) -> ImportResult:
    """Normalise numbers as written (typed or from a sheet) and add the valid ones."""
    checked = normalise_many(list(values), country)
    problems = [
        (int(row), str(raw), str(reason), str(reason_zh))
        for row, raw, status, reason, reason_zh in zip(
            rows, values, checked["status"], checked["reason"], checked["reason_zh"], strict=True
        )
        if status == "invalid"
    ]
    # an opt-out counts even for a number valid only under another country's code ("check")
    kept = ("ok", "check")
    good = [n for n, s in zip(checked["number"], checked["status"], strict=True) if s in kept]
    unique = set(good)
    added = add(store, unique, user=user, note=note)
    return ImportResult(added, len(unique) - added, problems)


def add_text(
    store: Store, text: str, *, country: str | None, user: str | None, note: str = ""
) -> ImportResult:
    """One number per line (commas and semicolons also separate)."""
    check_pasted(text, "numbers")
    note = check_stop_note(note)
    lines = [
        (i, v.strip())
        for i, line in enumerate(text.splitlines(), start=1)
        for v in line.replace(";", ",").split(",")
        if v.strip()
    ]
    return add_values(
        store, [v for _, v in lines], [i for i, _ in lines], country=country, user=user, note=note
    )
