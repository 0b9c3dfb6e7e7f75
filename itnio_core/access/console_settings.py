"""Settings an administrator changes in the app, and each person's language.

Credentials and sign-in stay in secrets.toml / the environment; these are the
everyday choices (default country and sender ID, the typed-confirmation
threshold, a daily cap per person, sandbox even with credentials). They live
in the store so every server process sees the same values, and every change
is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..common import InvalidInputError, Settings, check_sender_id, utc_now
from ..i18n import LANGUAGES
from ..store import Store, app_settings, campaigns, otp_sends, put_app_setting
from . import audit

MAX_THRESHOLD = 10_000_000
MAX_DAILY_CAP = 100_000_000
_LANG_PREFIX = "lang:"
_FORCE_SANDBOX = "force_sandbox"


@dataclass(frozen=True)
class ConsoleSettings:
    default_country: str = ""  # ISO region such as "GB"; "" = none
    default_sender_id: str = ""
    confirm_threshold: int = 1000  # above this many recipients, type the count to send
    daily_cap: int = 0  # messages per person per UTC day; 0 = no cap
    daily_money_cap: str = ""  # estimated cost per person per UTC day (decimal); "" = no cap
    force_sandbox: bool = False  # use the sandbox even when live credentials exist


LABELS = {
    "default_country": "Default country",
    "default_sender_id": "Default sender ID",
    "confirm_threshold": "Confirmation threshold",
    "daily_cap": "Daily sending cap per person",
    "daily_money_cap": "Daily spending cap per person",
    "force_sandbox": "Use the sandbox",
}


def _read(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(app_settings.c.key, app_settings.c.value)).all()
    return {key: value for key, value in rows}


def load(store: Store, base: Settings | None = None) -> ConsoleSettings:
    """Stored values over the deployment's defaults (``ITNIO_CONFIRM_THRESHOLD``)."""
    stored = _read(store)
    result = ConsoleSettings(confirm_threshold=(base or Settings()).confirm_threshold)
    values: dict[str, Any] = {}
    for f in fields(ConsoleSettings):
        if f.name in stored:
            values[f.name] = _decode(f.name, stored[f.name])
    return replace(result, **values)


def _decode(name: str, text: str) -> Any:
    if name in ("confirm_threshold", "daily_cap"):
        return int(text)
    if name == _FORCE_SANDBOX:
        return text == "1"
    return text


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def validate(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes, cleaned; ``InvalidInputError`` naming the field when one is wrong."""
    from ..phones import country_choices

    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "default_country":
            code = (value or "").strip().upper()
            if code and code not in {c[0] for c in country_choices()}:
                raise InvalidInputError(
                    f"Default country: {value!r} is not a country the console knows.",
                    message_zh=f"默认国家：无法识别 {value!r}。",
                    field=name,
                )
            clean[name] = code
        elif name == "default_sender_id":
            clean[name] = check_sender_id(value or "", "default sender ID", "默认发送方 ID", name)
        elif name in ("confirm_threshold", "daily_cap"):
            limit = MAX_THRESHOLD if name == "confirm_threshold" else MAX_DAILY_CAP
            low = 1 if name == "confirm_threshold" else 0
            number = int(value)
            if not low <= number <= limit:
                raise InvalidInputError(
                    f"{LABELS[name]}: use a whole number from {low:,} to {limit:,}.",
                    message_zh=f"{LABELS[name]}：请输入 {low:,} 到 {limit:,} 之间的整数。",
                    field=name,
                )
            clean[name] = number
        elif name == _FORCE_SANDBOX:
            clean[name] = bool(value)
        elif name == "daily_money_cap":
            clean[name] = _money_cap(value)
        else:
            raise InvalidInputError(f"Unknown setting {name!r}.", field=name)
    return clean


def _money_cap(value: Any) -> str:
    """ "" or "0" → "" (no cap); a positive amount as decimal text."""
    from decimal import Decimal, InvalidOperation

    text = str(value if value is not None else "").strip()
    try:
        amount = Decimal(text or "0")
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount > MAX_DAILY_CAP:
        raise InvalidInputError(
            f"{LABELS['daily_money_cap']}: write an amount such as 50 or 12.5, or 0 for no cap.",
            message_zh="每人每日花费上限：请填写金额（如 50 或 12.5），0 表示不设上限。",
            field="daily_money_cap",
        )
    return "" if amount == 0 else str(amount.normalize())


def save(
    store: Store, changes: Mapping[str, Any], *, user: str | None, base: Settings | None = None
) -> list[str]:
    """Store the changed settings; return the names that changed (each audited)."""
    clean = validate(changes)
    current = asdict(load(store, base))
    changed = [name for name, value in clean.items() if current.get(name) != value]
    now = utc_now()
    with store.engine.begin() as conn:
        for name in changed:
            _upsert(conn, name, _encode(clean[name]), now, user)
    for name in changed:
        audit.record(
            store,
            user,
            audit.SETTINGS_CHANGE,
            what=LABELS[name],
            detail=f"{_encode(current.get(name))} → {_encode(clean[name])}",
        )
    return changed


def _upsert(conn: sa.Connection, key: str, value: str, now: datetime, user: str | None) -> None:
    put_app_setting(conn, key, value, user=user, now=now)


# ------------------------------------------------------------------ language
def language(store: Store, username: str) -> str | None:
    return _read(store).get(_LANG_PREFIX + username)


def set_language(store: Store, username: str, lang: str) -> None:
    if lang not in LANGUAGES:
        raise InvalidInputError(f"Unknown language {lang!r}.", field="language")
    with store.engine.begin() as conn:
        _upsert(conn, _LANG_PREFIX + username, lang, utc_now(), username)


# ------------------------------------------------------------------ daily cap
def sent_today(store: Store, user: str, now: datetime | None = None) -> int:
    """Messages ``user`` sent (campaign recipients confirmed, OTPs) since 00:00 UTC."""
    now = now or utc_now()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)
    with store.engine.connect() as conn:
        campaign_total = conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(campaigns.c.recipients), 0)).where(
                campaigns.c.confirmed_by == user,
                campaigns.c.confirmed_at >= start,
                campaigns.c.confirmed_at < end,
            )
        ).scalar_one()
        otp_total = conn.execute(
            sa.select(sa.func.count()).where(
                otp_sends.c.user == user, otp_sends.c.at >= start, otp_sends.c.at < end
            )
        ).scalar_one()
    return int(campaign_total) + int(otp_total)


def check_daily_cap(
    store: Store, user: str | None, count: int, cap: int, now: datetime | None = None
) -> None:
    """``InvalidInputError`` when sending ``count`` more would pass the person's cap."""
    if cap <= 0 or user is None:
        return
    used = sent_today(store, user, now)
    if used + count > cap:
        left = max(cap - used, 0)
        raise InvalidInputError(
            f"This would pass your daily sending cap: {used:,} of {cap:,} messages sent today "
            f"(UTC), {left:,} left, and this sends {count:,}. Send fewer, wait until tomorrow, "
            "or ask an administrator to raise the cap in Settings.",
            message_zh=f"超出每日发送上限：今天（UTC）已发送 {used:,} / {cap:,} 条，"
            f"剩余 {left:,} 条，"
            f"本次将发送 {count:,} 条。请减少数量、明天再发，或请管理员在设置中提高上限。",
            field="daily_cap",
        )
