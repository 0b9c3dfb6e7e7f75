"""Message ids a person brought (pasted, a spreadsheet, the command line), kept as a list.

The same ids (in the same order) always give the same list, so asking again
about a pasted list finds its earlier checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..common import aware, chunked, utc_now
from ..store import Store, report_list_items, report_lists
from .fetch import unique_ids

INSERT_CHUNK = 20_000


@dataclass(frozen=True)
class ReportList:
    id: int
    name: str
    source_name: str
    created_at: datetime
    created_by: str | None
    msg_count: int


def list_key(msg_ids: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(msg_ids).encode()).hexdigest()


def create_list(
    store: Store,
    msg_ids: Sequence[str],
    *,
    name: str,
    source_name: str = "",
    user: str | None = None,
    excel_rows: Sequence[int | None] | None = None,
) -> int:
    """Keep msgIds (each once, first row wins) as a list; the same ids give the same list."""
    rows = _first_rows(msg_ids, excel_rows)
    ids = list(rows)
    key = list_key(ids)
    with store.engine.begin() as conn:
        found = conn.execute(
            sa.select(report_lists.c.id).where(report_lists.c.list_key == key)
        ).scalar()
        if found is not None:
            return int(found)
        result = conn.execute(
            report_lists.insert().values(
                list_key=key,
                name=name.strip() or source_name or f"{len(ids):,} message IDs",
                source_name=source_name,
                created_at=utc_now(),
                created_by=user,
                msg_count=len(ids),
            )
        )
        assert result.inserted_primary_key is not None
        list_id = int(result.inserted_primary_key[0])
        position = 0
        for part in chunked(ids, INSERT_CHUNK):
            conn.execute(
                report_list_items.insert(),
                [
                    {"list_id": list_id, "position": i, "msg_id": m, "excel_row": rows[m]}
                    for i, m in enumerate(part, start=position)
                ],
            )
            position += len(part)
    return list_id


def _first_rows(
    msg_ids: Sequence[str], excel_rows: Sequence[int | None] | None
) -> dict[str, int | None]:
    if excel_rows is None:
        return dict.fromkeys(unique_ids(msg_ids))
    rows: dict[str, int | None] = {}
    for m, r in zip(msg_ids, excel_rows, strict=True):
        key = str(m).strip()
        if key and key not in rows:
            rows[key] = r
    return rows


def get_list(store: Store, list_id: int) -> ReportList | None:
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(report_lists).where(report_lists.c.id == list_id))
            .mappings()
            .first()
        )
    return _report_list(row) if row else None


def list_lists(store: Store, limit: int = 100) -> list[ReportList]:
    query = sa.select(report_lists).order_by(report_lists.c.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [_report_list(r) for r in conn.execute(query).mappings()]


def _report_list(row: Any) -> ReportList:
    return ReportList(
        id=row["id"],
        name=row["name"],
        source_name=row["source_name"] or "",
        created_at=aware(row["created_at"]),
        created_by=row["created_by"],
        msg_count=row["msg_count"],
    )
