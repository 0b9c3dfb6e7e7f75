"""Where campaigns stand, from a shell: ``campaign list``, ``campaign show ID``, and what ``send``
and ``campaign resume --wait`` print once a campaign is confirmed (sent here, or scheduled).

Times are shown in ``--timezone`` (default: this computer's zone) and given in UTC with
``--json``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from .. import money, quiet_hours
from ..campaigns import actions as campaign_actions
from ..campaigns import results_workbook as results
from ..campaigns import standing
from ..campaigns import store as cs
from ..common import InvalidInputError, zone_named
from ..console import Console
from ..sending import Sender
from ..worker import liveness
from .common import CommandFailed, counted, record_export, write_file
from .identity import audit_detail

SEND_TIMEOUT = 24 * 3600.0  # seconds; a stalled platform stops the campaign long before
WORKER_NEEDED = "scripts/start (the app) or scripts/itnio worker must be running"


# ------------------------------------------------------------------ list and show
def list_campaigns(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    tz, zone = zone_named(args.timezone)
    found = cs.list_campaigns(console.store, limit=args.limit, include_drafts=args.drafts)
    rows = [_data(console, c) for c in found]
    if not args.json:
        if not rows:
            print("No campaigns yet." if args.drafts else "No confirmed campaigns yet.", file=out)
            return rows
        heads = ("#", "Status", "Recipients", "Accepted", "By", f"When ({zone})", "Name")
        table = [heads] + [
            (str(c.id), c.status, f"{c.recipients:,}", f"{r['accepted']:,}",
             c.confirmed_by or c.created_by or "", _when(c, tz), c.name)
            for c, r in zip(found, rows, strict=True)
        ]  # fmt: skip
        widths = [max(len(line[i]) for line in table) for i in range(len(heads) - 1)]
        right = {0, 2, 3}
        for line in table:
            cells = [v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in
                     enumerate(zip(line, widths, strict=False))]  # fmt: skip
            print("  ".join([*cells, line[-1]]), file=out)
        print("Details: scripts/itnio campaign show ID", file=out)
    return rows


def _when(c: cs.Campaign, tz: tzinfo) -> str:
    """When it goes (scheduled), went (confirmed) or was drafted."""
    if c.status == cs.SCHEDULED and c.scheduled_at is not None:
        return f"goes {_local(c.scheduled_at, tz)}"
    return _local(c.confirmed_at or c.created_at, tz)


def _local(moment: datetime | None, tz: tzinfo) -> str:
    return "" if moment is None else f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"


def _data(console: Console, c: cs.Campaign) -> dict[str, Any]:
    p = cs.progress(console.store, c.id)
    moments = ("created_at", "confirmed_at", "scheduled_at", "started_at", "finished_at")
    return {
        "campaign_id": c.id, "name": c.name, "status": c.status, "recipients": c.recipients,
        "accepted": p.accepted, "refused": p.rejected, "unknown": p.unknown,
        "not_sent": p.pending + p.in_flight, "cancelled": p.cancelled,
        "created_by": c.created_by, "confirmed_by": c.confirmed_by,
        **{k: (getattr(c, k).isoformat() if getattr(c, k) else None) for k in moments},
    }  # fmt: skip


def show(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    c = existing(console, args.campaign_id)
    tz, zone = zone_named(args.timezone)
    lines = standing.count(console.store, c.id).lines("en")
    answer = {
        **_data(console, c),
        "source": c.source_name, "sheet": c.source_sheet, "phone_column": c.phone_column,
        "rows": c.rows, "verdicts": c.verdict_counts, "segments": c.segments,
        "requests": c.requests, "sender_id": c.sender_id, "content": c.content,
        "stop_message": c.stop_message_en, "standing": lines,
    }  # fmt: skip
    if args.json:
        return answer
    print(f"Campaign #{c.id} {c.name!r}: {c.status}", file=out)
    verdicts = ", ".join(f"{k} {v:,}" for k, v in c.verdict_counts.items() if v)
    print(f"  From {c.source_name}, sheet {c.source_sheet!r}, phone column {c.phone_column!r}: "
          f"{counted(c.rows, 'row')} ({verdicts}).", file=out)  # fmt: skip
    print(f"  {counted(c.recipients, 'recipient')}, {counted(c.segments, 'segment')}, "
          f"{counted(c.requests, 'request')}; sender ID {c.sender_id or 'the default'}.",
          file=out)  # fmt: skip
    print(f"  Message: {c.content}", file=out)
    for label, moment, who in _history(c):
        print(f"  {label} {_local(moment, tz)} ({zone}){f' by {who}' if who else ''}.", file=out)
    wait = money.waiting_for_top_up(console.store, c)
    if wait is not None:
        print(f"  {wait.message('en')} (scripts/itnio campaign resume {c.id})", file=out)
    elif c.stop_message_en:
        print(f"  Stopped: {c.stop_message_en}", file=out)
    print("Where every recipient stands:", file=out)
    for line in lines or ["Nothing planned."]:
        print(f"  {line}", file=out)
    return answer


def _history(c: cs.Campaign) -> list[tuple[str, datetime, str | None]]:
    scheduled = "Scheduled for" if c.status == cs.SCHEDULED else "Was scheduled for"
    steps = [
        ("Created", c.created_at, c.created_by),
        ("Confirmed", c.confirmed_at, c.confirmed_by),
        (scheduled, c.scheduled_at, None),
        ("Started", c.started_at, None),
        ("Ended", c.finished_at, None),
    ]
    return [(label, moment, who) for label, moment, who in steps if moment is not None]


def existing(console: Console, campaign_id: int) -> cs.Campaign:
    campaign = cs.get(console.store, campaign_id)
    if campaign is None:
        raise InvalidInputError(
            f"There is no campaign #{campaign_id}. scripts/itnio campaign list shows them."
        )
    return campaign


# ------------------------------------------------------------------ after confirming
def say_scheduled(args: argparse.Namespace, console: Console, campaign_id: int, out: TextIO) -> Any:
    """A scheduled campaign: when it goes and who sends it; the command does not wait."""
    c = existing(console, campaign_id)
    assert c.scheduled_at is not None
    tz, zone = zone_named(args.timezone)
    if not args.json:
        print(f"Campaign #{c.id} {c.name!r} ({c.recipients:,} recipients) is scheduled for "
              f"{_local(c.scheduled_at, tz)} ({zone}), {_local(c.scheduled_at, UTC)} UTC.",
              file=out)  # fmt: skip
        print(f"The worker sends it then: {WORKER_NEEDED}.", file=out)
        if not liveness(console.store).running:
            print("No worker is running now: start one before then.", file=out)
        print(f"Until then: scripts/itnio campaign show {c.id} (or pause, cancel).", file=out)
    return {
        "campaign_id": c.id, "status": c.status, "recipients": c.recipients,
        "scheduled_at": c.scheduled_at.isoformat(), "timezone": zone,
    }  # fmt: skip


def send_here(
    args: argparse.Namespace, console: Console, campaign_id: int, target: Path | None, out: TextIO
) -> Any:
    """Send the confirmed campaign in this process, wait for it, then say how it went."""
    clock = quiet_hours.clock_for(console.store, sandbox=console.is_sandbox)
    sender = Sender(console.store, console.client_for, clock=clock)
    try:
        sender.run_until_idle(timeout=SEND_TIMEOUT)
    except KeyboardInterrupt:
        campaign_actions.control(
            console.store, campaign_id, "pause", user=console.client.user, detail=audit_detail()
        )
        sender.stop()  # requests already made finish and are recorded
        as_ = f" --as {args.as_name}" if getattr(args, "as_name", None) else ""
        raise InvalidInputError(
            f"Interrupted. Campaign #{campaign_id} is paused; nothing already sent will be sent "
            f"again. Resume it with scripts/itnio campaign resume {campaign_id}{as_} --wait "
            "(or from the Campaigns page)."
        ) from None
    sender.stop()
    return report(args, console, campaign_id, target, out)


def report(
    args: argparse.Namespace, console: Console, campaign_id: int, target: Path | None, out: TextIO
) -> Any:
    campaign = existing(console, campaign_id)
    p = cs.progress(console.store, campaign_id)
    if target is not None:
        write_file(target, results.campaign_workbook(console.store, campaign_id))
        record_export(console, target)
    answer = {
        "campaign_id": campaign_id,
        "status": campaign.status,
        "recipients": campaign.recipients,
        "accepted": p.accepted,
        "refused": p.rejected,
        "unknown": p.unknown,
        "not_sent": p.pending + p.in_flight + p.cancelled,
        "held": p.held,
        "results": str(target) if target else None,
    }
    if not args.json:
        print(
            f"Campaign #{campaign_id} {campaign.name!r}: {campaign.status}. "
            f"Accepted {p.accepted:,}, refused {p.rejected:,}, unknown {p.unknown:,} "
            f"(of {campaign.recipients:,} recipients).",
            file=out,
        )
        where = f"written to {target}" if target else results_hint(campaign_id)
        print(f"Results workbook: {where}", file=out)
        _say_held(console, campaign_id, args, out)
    if campaign.status == cs.SENDING and p.held and not p.pending + p.in_flight:
        return answer  # the rest waits for its recipients' quiet hours: the worker sends it
    if campaign.status != cs.FINISHED:
        where = " ".join(standing.count(console.store, campaign_id).lines("en"))
        why = campaign.stop_message_en or f"The campaign is {campaign.status}."
        wait = money.waiting_for_top_up(console.store, campaign)
        if wait is not None:
            why = f"{wait.message('en')} (scripts/itnio campaign resume {campaign_id})"
        raise CommandFailed(f"{why} {where}", answer)
    return answer


def _say_held(console: Console, campaign_id: int, args: argparse.Namespace, out: TextIO) -> None:
    """Recipients waiting for their quiet hours to end: how many, until when, who sends them."""
    with console.store.engine.connect() as conn:
        held = quiet_hours.held_until(conn, campaign_id)
    if not held:
        return
    tz, zone = zone_named(getattr(args, "timezone", None))
    rules = quiet_hours.rules.load(console.store)
    for key, count, until in held:
        where = quiet_hours.rules.label(key) if key else "recipients"
        theirs = f"{_local(until, zone_named(rules[key].zone)[0])} ({rules[key].zone}), " if (
            key in rules) else ""  # fmt: skip
        print(f"Held by quiet hours: {count:,} ({where}) until {theirs}{_local(until, tz)} "
              f"({zone}).", file=out)  # fmt: skip
    print(f"The worker sends them then: {WORKER_NEEDED}.", file=out)


def results_hint(campaign_id: int) -> str:
    return f"scripts/itnio results {campaign_id} --out results.xlsx (or the Campaigns page)"
