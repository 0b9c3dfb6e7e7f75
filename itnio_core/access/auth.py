"""Who may use the console and what each person may do.

Users live in ``.streamlit/secrets.toml`` with bcrypt password hashes::

    [users.alice]
    password_hash = "$2b$12$..."   # scripts/itnio hash-password
    role = "sender"                # viewer | sender | admin
    name = "Alice Wong"            # optional, shown in the sidebar

With an ``[auth]`` section (OpenID Connect) Streamlit's ``st.login`` signs
people in (as well, when ``[users]`` exist); ``[roles]`` maps their e-mail to a role and
``[roles] default_role`` is the role of anyone else the provider accepts (without it they
are refused: ``access.sso``). With neither, the console runs without sign-in: as an admin in
sandbox mode, and unable to send in live mode (``Access.anonymous``).

Wrong passwords are slowed down (``delay_after``) and a name is locked for
``LOCK_MINUTES`` after ``LOCK_AFTER`` failures in a row; the counts live in
the store so a restart or a second server does not reset them. A signed-in
browser keeps a random token in a cookie (only its hash is stored), so a
reload stays signed in until sign-out or ``SESSION_IDLE_MINUTES`` idle.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

import bcrypt
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..common import InvalidInputError, ItnioError, aware, utc_now
from ..store import Store, sign_in_failures, sign_in_sessions

LOCK_AFTER = 5  # failures in a row before the name is locked
LOCK_MINUTES = 15
SESSION_IDLE_MINUTES = 30  # signed out after this long without using the console
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
MIN_PASSWORD_LENGTH = 10
DEFAULT_ROLE_KEY = "default_role"  # in [roles]: the role of single sign-on people not listed

# A hash of a random password, checked when the name is unknown so a wrong name
# takes as long as a wrong password (no telling which names exist).
_DUMMY_HASH = b"$2b$12$frsN2QHQY00f9pqSuCILFuG6bO2ZWWOQ9PYmm39cfmIB.i75BBfOe"


class Role(IntEnum):
    VIEWER = 1
    SENDER = 2
    ADMIN = 3

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise InvalidInputError(
                f"Unknown role {text!r}: use viewer, sender or admin.",
                message_zh=f"未知角色 {text!r}：请使用 viewer、sender 或 admin。",
                field="role",
            ) from None

    @property
    def label(self) -> str:
        return self.name.capitalize()


class Action(StrEnum):
    """Everything a page can do; ``REQUIRED`` says who may."""

    VIEW = "view"  # reports, campaign and OTP history, API activity
    EXPORT = "export"
    SEND_CAMPAIGN = "send_campaign"
    MANAGE_CAMPAIGN = "manage_campaign"  # pause, resume, cancel
    SEND_OTP = "send_otp"
    LOOKUP_OTP = "lookup_otp"
    REPORT_CONVERSION = "report_conversion"
    CHECK_REPORTS = "check_reports"  # ask the platform for delivery reports
    EDIT_STOP_LIST = "edit_stop_list"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"


REQUIRED: dict[Action, Role] = {
    Action.VIEW: Role.VIEWER,
    Action.EXPORT: Role.VIEWER,
    Action.CHECK_REPORTS: Role.VIEWER,
    Action.SEND_CAMPAIGN: Role.SENDER,
    Action.MANAGE_CAMPAIGN: Role.SENDER,
    Action.SEND_OTP: Role.SENDER,
    Action.LOOKUP_OTP: Role.SENDER,
    Action.REPORT_CONVERSION: Role.SENDER,
    Action.EDIT_STOP_LIST: Role.ADMIN,
    Action.CHANGE_SETTINGS: Role.ADMIN,
    Action.MANAGE_USERS: Role.ADMIN,
    Action.VIEW_AUDIT: Role.ADMIN,
}

# Actions that spend money or send to people: refused to anyone not signed in on live.
SENDING = frozenset(
    {Action.SEND_CAMPAIGN, Action.SEND_OTP, Action.REPORT_CONVERSION, Action.MANAGE_CAMPAIGN}
)


class AccessDenied(ItnioError):
    """The person is not allowed to do this; nothing was done."""


class SignInFailed(ItnioError):
    """Wrong name or password, or the name is locked for a while."""

    def __init__(self, message: str, *, locked_until: datetime | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.locked_until = locked_until


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    name: str = ""
    password_hash: str = ""
    # True for the no-sign-in user of a console without logins.
    anonymous: bool = False

    @property
    def display_name(self) -> str:
        return self.name or self.username

    def can(self, action: Action) -> bool:
        return self.role >= REQUIRED[action]

    def __repr__(self) -> str:
        return f"User({self.username!r}, {self.role.label})"


def require(user: User | None, action: Action) -> User:
    """``user`` when they may do ``action``; otherwise ``AccessDenied`` in words."""
    if user is None:
        raise AccessDenied(
            "Sign in first.",
            message_zh="请先登录。",
        )
    if user.can(action):
        return user
    if user.anonymous and action in SENDING:
        raise AccessDenied(
            "Sending is switched off: this console is connected to the live platform "
            "but nobody can sign in. An administrator must add a user (see Settings › Users).",
            message_zh="发送已关闭：本控制台已连接正式平台，但尚未配置任何登录用户。"
            "请管理员添加用户（见 设置 › 用户）。",
        )
    needed = REQUIRED[action]
    raise AccessDenied(
        f"Your role ({user.role.label}) cannot do this; it needs {needed.label}. "
        "Ask an administrator if you need it.",
        message_zh=f"您的角色（{user.role.label}）无权执行此操作，需要 {needed.label}。"
        "如有需要，请联系管理员。",
    )


# ------------------------------------------------------------------ passwords
def hash_password(password: str) -> str:
    """A bcrypt hash for secrets.toml."""
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters for a password.",
            message_zh=f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            field="password",
        )
    if len(raw) > MAX_PASSWORD_BYTES:
        raise InvalidInputError(
            f"Use at most {MAX_PASSWORD_BYTES} bytes for a password (bcrypt reads no further).",
            message_zh=f"密码最多 {MAX_PASSWORD_BYTES} 字节。",
            field="password",
        )
    return bcrypt.hashpw(raw, bcrypt.gensalt()).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES or not password_hash.startswith("$2"):
        bcrypt.checkpw(b"x", _DUMMY_HASH)
        return False
    try:
        return bcrypt.checkpw(raw, password_hash.encode("ascii"))
    except ValueError:  # a malformed hash in secrets.toml
        return False


# ------------------------------------------------------------------ directory
@dataclass(frozen=True)
class Directory:
    """The configured users, and whether sign-in is by password, OIDC or not at all."""

    users: Mapping[str, User]
    oidc: bool = False
    oidc_roles: Mapping[str, Role] | None = None
    # The role of someone signing in with single sign-on who is not in [roles]; None: refused.
    default_role: Role | None = None

    @property
    def logins_configured(self) -> bool:
        return bool(self.users) or self.oidc

    @classmethod
    def from_secrets(cls, secrets: Mapping[str, Any] | None) -> Directory:
        secrets = secrets or {}
        users: dict[str, User] = {}
        for username, entry in (secrets.get("users") or {}).items():
            if not isinstance(entry, Mapping):
                continue
            users[str(username).strip().lower()] = User(
                username=str(username).strip().lower(),
                role=Role.parse(str(entry.get("role", "viewer"))),
                name=str(entry.get("name", "")),
                password_hash=str(entry.get("password_hash", "")),
            )
        listed = dict(secrets.get("roles") or {})
        default = listed.pop(DEFAULT_ROLE_KEY, None)
        roles = {
            str(email).strip().lower(): Role.parse(str(role)) for email, role in listed.items()
        }
        default_role = Role.parse(str(default)) if default not in (None, "") else None
        return cls(
            users=users,
            oidc=bool(secrets.get("auth")),
            oidc_roles=roles,
            default_role=default_role,
        )

    def oidc_user(self, email: str, name: str = "") -> User:
        email = email.strip().lower()
        role = (self.oidc_roles or {}).get(email, Role.VIEWER)
        return User(username=email, role=role, name=name)


def anonymous_user(is_sandbox: bool) -> User:
    """Who a console without logins acts as: admin in the sandbox, viewer on live."""
    role = Role.ADMIN if is_sandbox else Role.VIEWER
    return User(username="local", role=role, name="", anonymous=True)


# ------------------------------------------------------------------ sign-in
def delay_after(failures: int) -> float:
    """Seconds to wait before answering a wrong password: 0.5, 1, 2, 4, then 4."""
    if failures <= 0:
        return 0.0
    return float(min(0.5 * 2 ** (failures - 1), 4.0))


def locked_until(store: Store, username: str, now: datetime | None = None) -> datetime | None:
    now = now or utc_now()
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(sign_in_failures.c.locked_until).where(
                sign_in_failures.c.username == username.strip().lower()
            )
        ).first()
    until = aware(row[0]) if row and row[0] else None
    return until if until and until > now else None


def sign_in(
    store: Store,
    directory: Directory,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
) -> tuple[User | None, float]:
    """(the user, 0) when the password is right; (None, seconds to wait) when not.

    Raises ``SignInFailed`` while the name is locked. The caller waits the
    returned seconds before answering, so guessing is slow.
    """
    now = now or utc_now()
    key = username.strip().lower()[:200]
    until = locked_until(store, key, now)
    if until is not None:
        minutes = max(1, int((until - now).total_seconds() // 60) + 1)
        raise SignInFailed(
            f"Too many wrong passwords for this name. Try again in {minutes} minutes, "
            "or ask an administrator.",
            message_zh=f"该用户名密码错误次数过多。请 {minutes} 分钟后再试，或联系管理员。",
            locked_until=until,
        )
    user = directory.users.get(key)
    ok = verify_password(password, user.password_hash if user else _DUMMY_HASH.decode())
    if user is not None and ok and hmac.compare_digest(user.username, key):
        _clear_failures(store, key)
        return user, 0.0
    failures = _add_failure(store, key, now)
    return None, delay_after(failures)


def _add_failure(store: Store, username: str, now: datetime) -> int:
    """Count one more wrong password, in one statement: parallel guesses are each counted."""
    t = sign_in_failures
    with store.engine.begin() as conn:
        dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
        # A lock that ran out starts a fresh count (SET reads the row as it was).
        ran_out = sa.and_(t.c.locked_until.is_not(None), t.c.locked_until <= now)
        count = sa.case((ran_out, 1), else_=t.c.count + 1)
        lock = now + timedelta(minutes=LOCK_MINUTES)
        first_lock = lock if LOCK_AFTER <= 1 else None
        statement = (
            dialect.insert(t)
            .values(username=username, count=1, last_at=now, locked_until=first_lock)
            .on_conflict_do_update(
                index_elements=["username"],
                set_={
                    "count": count,
                    "last_at": now,
                    "locked_until": sa.case((count >= LOCK_AFTER, lock), else_=None),
                },
            )
            .returning(t.c.count)
        )
        return int(conn.execute(statement).scalar_one())


def _clear_failures(store: Store, username: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(sign_in_failures.delete().where(sign_in_failures.c.username == username))


def unlock(store: Store, username: str) -> None:
    """An administrator lifts a lock early."""
    _clear_failures(store, username.strip().lower())


# ------------------------------------------------------------------ sessions
def session_expired(last_seen: datetime, now: datetime, idle_minutes: int) -> bool:
    return now - last_seen > timedelta(minutes=idle_minutes)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, username: str, now: datetime | None = None) -> str:
    """A new random token for the browser's cookie; the store keeps only its hash."""
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        conn.execute(
            sign_in_sessions.insert().values(
                token_hash=_token_hash(token), username=username, created_at=now, last_seen=now
            )
        )
    return token


def resume_session(
    store: Store,
    directory: Directory,
    token: str,
    *,
    now: datetime | None = None,
    idle_minutes: int = SESSION_IDLE_MINUTES,
) -> User | None:
    """The user a cookie's token belongs to, if it is still active and the user still exists.

    An idle or unknown token gives None (an idle one is also deleted).
    """
    now = now or utc_now()
    key = _token_hash(token)
    table = sign_in_sessions
    with store.engine.begin() as conn:
        row = conn.execute(
            sa.select(table.c.username, table.c.last_seen).where(table.c.token_hash == key)
        ).first()
        if row is None:
            return None
        if session_expired(aware(row[1]), now, idle_minutes):
            conn.execute(table.delete().where(table.c.token_hash == key))
            return None
        user = directory.users.get(row[0])
        if user is None:  # removed from secrets.toml since
            conn.execute(table.delete().where(table.c.token_hash == key))
            return None
        conn.execute(table.update().where(table.c.token_hash == key).values(last_seen=now))
    return user


def touch_session(store: Store, token: str, now: datetime | None = None) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            sign_in_sessions.update()
            .where(sign_in_sessions.c.token_hash == _token_hash(token))
            .values(last_seen=now or utc_now())
        )


def end_session(store: Store, token: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            sign_in_sessions.delete().where(sign_in_sessions.c.token_hash == _token_hash(token))
        )
