"""What ``send`` adds for campaign craft: the message from ``--content`` or a saved
``--template``, and, in a dry run, what quiet hours would hold at ``--at`` (default now)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from .. import quiet_hours, templates
from ..campaigns import CampaignPlan, PlanPreview
from ..common import InvalidInputError, TimeParseError, parse_time, zone_named
from ..console import Console


@dataclass(frozen=True)
class Message:
    content: str
    sender_id: str
    template_id: int | None = None
    template_name: str | None = None

    def check_columns(self, columns: Sequence[str]) -> None:
        """A template's placeholders against the sheet's columns, in the template's words."""
        if self.template_name is None:
            return
        problem = templates.problem(self.content, columns)
        if problem is not None:
            raise InvalidInputError(
                f"Template “{self.template_name}”: {problem.user_message}",
                field="template",
                message_zh=f"模板“{self.template_name}”：{problem.message_zh}",
            )


def message(args: argparse.Namespace, console: Console) -> Message:
    """``--content`` as given, or the template named by ``--template`` (its sender ID unless
    ``--sender-id`` is given)."""
    if args.template is None:
        return Message(args.content, args.sender_id or "")
    found = templates.named(console.store, args.template)
    sender_id = args.sender_id if args.sender_id is not None else found.sender_id
    return Message(found.content, sender_id, found.id, found.name)


def held(
    args: argparse.Namespace,
    console: Console,
    plan: CampaignPlan | PlanPreview,
    rules: quiet_hours.Rules,
    out: TextIO,
) -> list[dict[str, object]]:
    """``[{country, recipients, until}]`` held at ``--at`` (in ``--timezone``); printed too."""
    tz, zone = zone_named(args.timezone)
    at = _moment(args.at, tz) if args.at else quiet_hours.moment(
        quiet_hours.clock_for(console.store, sandbox=console.is_sandbox)
    )  # fmt: skip
    rows = quiet_hours.review.review(plan.sendable["number"], rules, at=at)
    listed = quiet_hours.held_list(rows)
    if not args.json and rules:
        print(f"Quiet hours, if sent at {at.astimezone(tz):%Y-%m-%d %H:%M} ({zone}):", file=out)
        for r in rows:
            print(f"  {_line(r, tz, zone)}", file=out)
    return listed


def held_at(
    args: argparse.Namespace,
    plan: CampaignPlan,
    rules: quiet_hours.Rules,
    at: datetime,
    out: TextIO,
) -> list[dict[str, object]]:
    """What quiet hours will hold when a scheduled campaign goes at ``at``; printed too."""
    rows = quiet_hours.review.review(plan.sendable["number"], rules, at=at)
    listed = quiet_hours.held_list(rows)
    if listed and not args.json:
        tz, zone = zone_named(args.timezone)
        print("Quiet hours at that time:", file=out)
        for r in rows:
            print(f"  {_line(r, tz, zone)}", file=out)
    return listed


def _line(row: quiet_hours.CountryHold, tz: Any, zone: str) -> str:
    if not row.held:
        return f"{row.country()}: {row.go_now:,} go at once."
    several = (
        f" ({row.country()} spans several time zones; the setting's {row.rule.zone} is used.)"
        if row.several_zones and row.rule is not None
        else ""
    )
    return (f"{row.country()}: {row.held:,} held until {row.until_local()}, "
            f"{row.until_in(tz)} ({zone}).{several}")  # fmt: skip


def _moment(text: str, tz: Any) -> Any:
    try:
        return parse_time(text, tz)
    except TimeParseError as exc:
        raise InvalidInputError(f"--at: {exc.message}", message_zh=exc.message_zh,
                                field="at") from None  # fmt: skip
