"""``GET /healthz``: 200 when the database answers, 503 with the reason when it does not."""

from __future__ import annotations

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..common import ItnioError, Settings
from ..store import Store


async def healthz(_request: Request) -> JSONResponse:
    try:
        store = Store(Settings.load().database_url)
        try:
            with store.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        finally:
            store.close()
    except ItnioError as exc:
        return JSONResponse({"ok": False, "reason": exc.user_message}, status_code=503)
    except Exception as exc:  # the database is down or unreachable
        reason = f"The database does not answer: {type(exc).__name__}."
        return JSONResponse({"ok": False, "reason": reason}, status_code=503)
    return JSONResponse({"ok": True})
