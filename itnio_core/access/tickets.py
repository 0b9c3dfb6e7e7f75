"""One-time tickets that let the app's server set the sign-in cookie itself.

The page never writes the cookie: after a sign-in it hands the browser a ticket, and the
browser asks ``POST /auth/cookie`` (``itnio_core.server``) to exchange it. The answer sets
the session token as an ``HttpOnly; SameSite=Strict`` cookie, which no script on the page can
read. A ticket is random, lives a minute, is stored only as its hash, and works once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..common import utc_now
from ..store import Store, sign_in_tickets

COOKIE = "itnio_session"
COOKIE_MAX_AGE_S = 12 * 3600  # the server ends the session sooner after inactivity
TICKET_SECONDS = 60


def _hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def issue(store: Store, token: str, now: datetime | None = None) -> str:
    """A ticket for ``token`` (a session's), to hand to the browser."""
    now = now or utc_now()
    ticket = secrets.token_urlsafe(32)
    t = sign_in_tickets
    with store.engine.begin() as conn:
        conn.execute(t.delete().where(t.c.expires_at < now))  # old ones, never used
        conn.execute(
            t.insert().values(
                ticket_hash=_hash(ticket),
                token=token,
                expires_at=now + timedelta(seconds=TICKET_SECONDS),
            )
        )
    return ticket


def redeem(store: Store, ticket: str, now: datetime | None = None) -> str | None:
    """The session token of a fresh ticket, once; None for an unknown, used or old one."""
    now = now or utc_now()
    t = sign_in_tickets
    with store.engine.begin() as conn:
        row = conn.execute(
            sa.select(t.c.token, t.c.expires_at).where(t.c.ticket_hash == _hash(ticket))
        ).first()
        if row is None:
            return None
        gone = conn.execute(t.delete().where(t.c.ticket_hash == _hash(ticket))).rowcount
    if gone != 1:
        return None  # another request used it a moment ago
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=now.tzinfo)
    return str(row.token) if expires >= now else None
