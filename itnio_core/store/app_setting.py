"""One row of ``app_settings`` written: the key's value replaced, or added when new."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from .schema import app_settings


def put_app_setting(
    conn: sa.Connection, key: str, value: str, *, user: str | None, now: datetime
) -> None:
    """Store ``value`` under ``key`` in ``conn``'s transaction, with who and when."""
    updated = conn.execute(
        app_settings.update()
        .where(app_settings.c.key == key)
        .values(value=value, updated_at=now, updated_by=user)
    )
    if updated.rowcount == 0:
        conn.execute(
            app_settings.insert().values(key=key, value=value, updated_at=now, updated_by=user)
        )
