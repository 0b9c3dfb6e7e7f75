"""The receipt address's secret, its full address, and the fallback setting.

The address is ``/hooks/dlr/<token>``: the platform signs nothing, so the token is the only
thing that tells its receipts from anyone's POST. It is made on first use (32 random bytes,
URL-safe), kept in ``app_settings`` so every server process answers the same address, shown to
admins on Settings, and rotated by them (audited, never with the token itself).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from datetime import datetime

import sqlalchemy as sa

from ..access import audit
from ..common import InvalidInputError, utc_now
from ..store import Store, app_settings, put_app_setting

PATH_PREFIX = "/hooks/dlr/"
TOKEN_KEY = "receipts_token"
FALLBACK_KEY = "receipts_fallback_minutes"
DEFAULT_FALLBACK_MINUTES = 10
FALLBACK_MAX_MINUTES = 24 * 60
TOKEN_BYTES = 32
TOKEN_CACHE_SECONDS = 5.0  # a rotation in another process is answered within this


def _read(conn: sa.Connection, key: str) -> str | None:
    found = conn.execute(sa.select(app_settings.c.value).where(app_settings.c.key == key))
    return found.scalar_one_or_none()


def _write(conn: sa.Connection, key: str, value: str, user: str | None, now: datetime) -> None:
    put_app_setting(conn, key, value, user=user, now=now)


def token(store: Store) -> str:
    """The current token, made now when there is none yet."""
    with store.engine.connect() as conn:
        found = _read(conn, TOKEN_KEY)
    if found:
        return found
    made = secrets.token_urlsafe(TOKEN_BYTES)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                app_settings.insert().values(
                    key=TOKEN_KEY, value=made, updated_at=utc_now(), updated_by=None
                )
            )
    except sa.exc.IntegrityError:  # another process made one a moment ago: theirs it is
        pass
    with store.engine.connect() as conn:
        return str(_read(conn, TOKEN_KEY))


def rotate(store: Store, user: str | None) -> str:
    """A new token; the old address stops answering at once here, within seconds elsewhere."""
    made = secrets.token_urlsafe(TOKEN_BYTES)
    with store.engine.begin() as conn:
        _write(conn, TOKEN_KEY, made, user, utc_now())
    _cache.forget()
    audit.record(
        store,
        user,
        audit.SETTINGS_CHANGE,
        what="Delivery receipt address",
        detail="a new secret address; the old one no longer answers",
    )
    return made


def path(token_text: str) -> str:
    return f"{PATH_PREFIX}{token_text}"


def address(store: Store, base_url: str) -> str:
    """The full address to give the platform's support team."""
    return base_url.rstrip("/") + path(token(store))


class _TokenCache:
    """The current token, read at most every few seconds: checking a receipt reads no row."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, tuple[str, float]] = {}  # store url -> (token, read at)

    def current(self, store: Store) -> str:
        now = time.monotonic()
        with self._lock:
            held = self._held.get(store.url)
        if held is not None and now - held[1] < TOKEN_CACHE_SECONDS:
            return held[0]
        fresh = token(store)
        with self._lock:
            self._held[store.url] = (fresh, now)
        return fresh

    def fresh(self, store: Store) -> str | None:
        """The token held, while still fresh; None when it must be read again."""
        with self._lock:
            held = self._held.get(store.url)
        if held is None or time.monotonic() - held[1] >= TOKEN_CACHE_SECONDS:
            return None
        return held[0]

    def forget(self) -> None:
        with self._lock:
            self._held.clear()


_cache = _TokenCache()


def matches(store: Store, given: str) -> bool:
    """``given`` is the current token (compared in constant time); may read the store."""
    return hmac.compare_digest(given.encode(), _cache.current(store).encode())


def matches_held(store: Store, given: str) -> bool | None:
    """``matches`` without reading the store: None when the token held is not fresh."""
    held = _cache.fresh(store)
    return None if held is None else hmac.compare_digest(given.encode(), held.encode())


# ------------------------------------------------------------------ the fallback setting
def fallback_minutes(store: Store) -> int:
    """Minutes a message may wait for its receipt before the platform is asked (getReport)."""
    with store.engine.connect() as conn:
        found = _read(conn, FALLBACK_KEY)
    return int(found) if found and found.isdigit() else DEFAULT_FALLBACK_MINUTES


def set_fallback_minutes(store: Store, minutes: int, user: str | None) -> bool:
    """Store the setting (audited); False when it was already that."""
    if not 1 <= minutes <= FALLBACK_MAX_MINUTES:
        raise InvalidInputError(
            f"Choose between 1 and {FALLBACK_MAX_MINUTES} minutes.",
            message_zh=f"请选择 1 到 {FALLBACK_MAX_MINUTES} 分钟。",
            field="fallback",
        )
    before = fallback_minutes(store)
    if before == minutes:
        return False
    with store.engine.begin() as conn:
        _write(conn, FALLBACK_KEY, str(minutes), user, utc_now())
    audit.record(
        store,
        user,
        audit.SETTINGS_CHANGE,
        what="Ask the platform about messages without a receipt after (minutes)",
        detail=f"{before} → {minutes}",
    )
    return True
