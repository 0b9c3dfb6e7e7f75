"""The sign-in cookie, set and cleared by the app's server, never by script in the page.

``POST /auth/cookie`` with a one-time ticket (``access.tickets``) in its body answers 204 with
``Set-Cookie: itnio_session=<token>; HttpOnly; SameSite=Strict; Path=/`` (and ``Secure`` when
served over https, directly or behind a proxy saying ``X-Forwarded-Proto: https``); an
unknown, used or old ticket is 403 and sets nothing. ``POST /auth/cookie/clear`` ends the
session the cookie holds and clears the cookie, and Streamlit's single sign-on cookies with it
(``_streamlit_user``, ``_streamlit_user_tokens`` and their chunks): a reload after signing out
does not find the company account still signed in.
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response

from ..access import auth, tickets
from ..common import Settings
from ..store import Store

# Streamlit's st.login cookies (streamlit.auth_util), each maybe split into NAME_1, NAME_2...
_SSO_COOKIES = ("_streamlit_user", "_streamlit_user_tokens")

_stores: dict[str, Store] = {}


def _store() -> Store:
    url = Settings.load().database_url
    if url not in _stores:
        _stores[url] = Store(url)
    return _stores[url]


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    response.set_cookie(
        tickets.COOKIE,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )


async def set_cookie(request: Request) -> Response:
    ticket = (await request.body())[:200].decode("ascii", "replace").strip()
    token = await anyio.to_thread.run_sync(tickets.redeem, _store(), ticket) if ticket else None
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    _cookie(response, request, token, tickets.COOKIE_MAX_AGE_S)
    return response


async def clear_cookie(request: Request) -> Response:
    token = request.cookies.get(tickets.COOKIE)
    if token:
        await anyio.to_thread.run_sync(auth.end_session, _store(), token)
    response = Response(status_code=204)
    _cookie(response, request, "", 0)
    for name in request.cookies:
        base, _, chunk = name.rpartition("_")
        if name in _SSO_COOKIES or (base in _SSO_COOKIES and chunk.isdigit()):
            response.delete_cookie(name, path="/")
    return response
