"""Single sign-on (OpenID Connect through Streamlit's ``st.login``): who gets in, and a
sign-in's life in the store.

**Who gets in.** The provider's claims must carry an e-mail address, and ``email_verified``
must be true when the provider sends it. The e-mail's role comes from ``[roles]`` in
secrets.toml; someone not listed there is refused (``SignInRefused``) unless
``[roles] default_role`` names a role for everyone the provider accepts.

**A sign-in in the store.** Streamlit keeps the claims in its own cookie for 30 days, so
each page load looks the same to the app. A sign-in is therefore identified by its claims
(issuer, subject, issue time, nonce: a new sign-in at the provider is a new one) and kept in
``sign_in_sessions`` under the hash of that key: the first load is the sign-in (audited
once), later loads mark it active, ``SESSION_IDLE_MINUTES`` without use or a sign-out end
it, and an ended sign-in stays ended until the person signs in at the provider again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from ..common import ItnioError, aware, utc_now
from ..store import Store, sign_in_sessions
from .auth import SESSION_IDLE_MINUTES, Directory, User, session_expired

# last_seen of a sign-in ended by signing out: idle for ever, whatever the idle limit.
_ENDED_AT = datetime(2000, 1, 1, tzinfo=UTC)


class SignInRefused(ItnioError):
    """The company account is real, but this console does not let it in."""


class Standing(StrEnum):
    NEW = "new"  # first seen: this load is the sign-in
    ACTIVE = "active"  # a later load of a sign-in still in use
    ENDED = "ended"  # signed out, or idle too long: sign in at the provider again


def _verified(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


def user_for(directory: Directory, claims: Mapping[str, Any]) -> User:
    """The console user for a provider's claims, or ``SignInRefused`` in words."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise SignInRefused(
            "Your company account did not give this console an e-mail address, so it cannot "
            "tell who you are. Ask your administrator to let the console see your e-mail.",
            message_zh="您的公司账号没有向本控制台提供电子邮箱地址，因此无法确认您的身份。"
            "请联系管理员允许本控制台读取您的邮箱。",
        )
    if "email_verified" in claims and not _verified(claims["email_verified"]):
        raise SignInRefused(
            f"Your company account says the e-mail address {email} is not verified yet. "
            "Verify it with your company account, then sign in again.",
            message_zh=f"您的公司账号显示邮箱 {email} 尚未验证。请先在公司账号中完成验证，"
            "然后重新登录。",
        )
    role = (directory.oidc_roles or {}).get(email) or directory.default_role
    if role is None:
        raise SignInRefused(
            f"{email} is not on this console's list of people. Ask an administrator to add "
            "you (with a role: viewer, sender or admin), then sign in again.",
            message_zh=f"{email} 不在本控制台的用户名单中。请联系管理员添加您"
            "（并指定角色：viewer、sender 或 admin），然后重新登录。",
        )
    return User(username=email, role=role, name=str(claims.get("name") or ""))


def sign_in_key(claims: Mapping[str, Any]) -> str:
    """What identifies one sign-in at the provider (stored only as a hash)."""
    parts = [str(claims.get(name) or "") for name in ("iss", "sub", "iat", "nonce", "email")]
    raw = json.dumps(["sso", *parts])  # never the shape of a cookie's random token
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def standing(
    store: Store,
    key: str,
    username: str,
    *,
    now: datetime | None = None,
    idle_minutes: int = SESSION_IDLE_MINUTES,
) -> Standing:
    """Where the sign-in ``key`` stands, marking it used now when it is still active."""
    now = now or utc_now()
    table = sign_in_sessions
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(table.c.last_seen).where(table.c.token_hash == key)).first()
        if row is not None:
            if session_expired(aware(row[0]), now, idle_minutes):
                return Standing.ENDED  # kept, so a reload does not sign in again
            conn.execute(table.update().where(table.c.token_hash == key).values(last_seen=now))
            return Standing.ACTIVE
    try:
        with store.engine.begin() as conn:
            conn.execute(
                table.insert().values(
                    token_hash=key, username=username, created_at=now, last_seen=now
                )
            )
    except sa.exc.IntegrityError:  # a second tab of the same sign-in got there first
        return Standing.ACTIVE
    return Standing.NEW


def end(store: Store, key: str) -> None:
    """Sign out: the sign-in stays ended until the person signs in at the provider again."""
    with store.engine.begin() as conn:
        conn.execute(
            sign_in_sessions.update()
            .where(sign_in_sessions.c.token_hash == key)
            .values(last_seen=_ENDED_AT)
        )
