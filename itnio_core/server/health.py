"""``GET /healthz``: 200 when the database answers and is at this version's schema, 503 with
the reason when it does not (unreachable, or not migrated: ``itnio db upgrade``).

It only reads: a load balancer asking every few seconds never upgrades the database.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..common import ItnioError, Settings
from ..store import make_engine, migrate


async def healthz(_request: Request) -> JSONResponse:
    try:
        engine = make_engine(Settings.load().database_url)
        try:
            migrate.check(engine, engine.url.render_as_string(hide_password=True))
        finally:
            engine.dispose()
    except ItnioError as exc:
        return JSONResponse({"ok": False, "reason": exc.user_message}, status_code=503)
    except Exception as exc:  # the database is down or unreachable
        reason = f"The database does not answer: {type(exc).__name__}."
        return JSONResponse({"ok": False, "reason": reason}, status_code=503)
    return JSONResponse({"ok": True})
