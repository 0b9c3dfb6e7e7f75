"""The app's rules around a send, from the command line: the daily cap and the confirmation
threshold an administrator stored in Settings, and when a scheduled campaign goes.

The rules themselves live once, in ``access.console_settings`` and ``campaigns.actions``; this
says them the way a terminal needs (``--yes`` instead of typing the count, a time as text).
"""

from __future__ import annotations

from datetime import datetime

from ..access import console_settings
from ..campaigns import actions as campaign_actions
from ..common import InvalidInputError, TimeParseError, parse_time, utc_now, zone_named
from ..console import Console


def settings(console: Console) -> console_settings.ConsoleSettings:
    """The stored daily cap and confirmation threshold (over the deployment's defaults)."""
    return console_settings.load(console.store, console.settings)


def check_cap(console: Console, count: int) -> None:
    """The app's ``InvalidInputError`` when sending ``count`` more passes the person's cap."""
    problem = campaign_actions.cap_problem(
        console.store, console.client.user, count, settings(console).daily_cap
    )
    if problem is not None:
        raise problem


def threshold_words(recipients: int, threshold: int) -> str | None:
    """Why ``--yes`` is needed, or None when ``recipients`` is at or under the threshold."""
    if recipients <= threshold:
        return None
    return (
        f"This campaign goes to {recipients:,} recipients, more than the confirmation threshold "
        f"of {threshold:,}."
    )


def check_threshold(console: Console, recipients: int, yes: bool) -> None:
    """Above the threshold the app has the person type the count; here that is ``--yes``."""
    words = threshold_words(recipients, settings(console).confirm_threshold)
    if words is None or yes:
        return
    raise InvalidInputError(
        f"{words} Nothing was sent. Check it first with --dry-run (add --out verdicts.xlsx to "
        "see every row), then run the same command with --yes to send it.",
        message_zh=f"本次群发共 {recipients:,} 位收件人，超过确认阈值。未发送任何短信。"
        "请先用 --dry-run 检查，再加上 --yes 重新运行以发送。",
        field="yes",
    )


def scheduled_at(text: str | None, zone_name: str | None) -> datetime | None:
    """The moment ``--schedule`` names, in ``--timezone`` (default: this computer's zone);
    ``InvalidInputError`` for a time that cannot be read or has passed."""
    if text is None:
        return None
    tz, shown = zone_named(zone_name)
    try:
        moment = parse_time(text, tz)
    except TimeParseError as exc:
        raise InvalidInputError(
            f"--schedule: {exc.message}", message_zh=exc.message_zh, field="schedule"
        ) from None
    if moment <= utc_now():
        raise InvalidInputError(
            f"--schedule: {moment.astimezone(tz):%Y-%m-%d %H:%M} ({shown}) has passed. Give a "
            "time in the future, or leave out --schedule to send now.",
            message_zh=f"--schedule：{moment.astimezone(tz):%Y-%m-%d %H:%M}（{shown}）已经过去。"
            "请给出将来的时间，或去掉 --schedule 立即发送。",
            field="schedule",
        )
    return moment
