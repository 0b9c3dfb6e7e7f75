"""``itnio campaign ...``: see campaigns and pause, resume or cancel one, as on the Campaigns page.

    campaign list [--drafts] [--limit N] [--timezone Z]    campaign show ID [--timezone Z]
    campaign pause ID | campaign resume ID [--wait] | campaign cancel ID      (--as NAME)

A control goes through ``campaigns.actions.control``: one conditional update (a second run
changes nothing) and an audit record under the person's name. Resuming sends only what was
never sent: ``campaigns.store.resume`` puts the campaign back in the queue, and the sender
claims only requests still pending; those accepted or refused one by one, and those whose
outcome is unknown, are never made again.
"""

from __future__ import annotations

import argparse
from typing import Any, Final, TextIO

from ..access import Action
from ..campaigns import actions as campaign_actions
from ..campaigns import store as cs
from ..common import InvalidInputError
from ..console import Console
from . import campaign_status as status
from .common import AddCommand
from .identity import audit_detail

TIMEZONE_HELP = "show times in this zone, e.g. Asia/Kolkata (default: this computer's)"

# control -> (one line for the list of commands, what its --help says)
CONTROL_HELP: Final = {
    "pause": (
        "pause a campaign: nothing more is sent until it is resumed",
        "Pause a scheduled, queued or sending campaign: nothing more is sent until it is "
        "resumed. Requests already being made finish and are recorded.",
    ),
    "resume": (
        "send what a paused or stopped campaign never sent",
        "Resume a paused or stopped campaign: its recipients that were never sent are sent, "
        "and no one else; never again those accepted, refused one by one, or whose outcome is "
        f"unknown. The worker sends them ({status.WORKER_NEEDED}), or this command does with "
        "--wait. A campaign paused before its scheduled time goes at once when resumed.",
    ),
    "cancel": (
        "cancel what a campaign has not sent yet",
        "Cancel a campaign for good: the recipients not sent yet will not be; messages "
        "already sent stay sent.",
    ),
}
# What each control needs, in the words of its refusal.
NEEDS: Final = {
    "pause": "only a scheduled, queued or sending campaign can be paused",
    "resume": "only a paused or stopped campaign can be resumed",
    "cancel": "a finished or cancelled campaign cannot be cancelled",
}


def register(cmd: AddCommand, sub: Any) -> None:
    group = sub.add_parser("campaign", help="see campaigns; pause, resume or cancel one")
    group_sub = group.add_subparsers(dest="campaign_command", required=True)
    c = cmd("list", status.list_campaigns, "the campaigns, newest first", group_sub)
    c.set_defaults(action=Action.VIEW)
    c.add_argument("--drafts", action="store_true", help="also drafts never confirmed")
    c.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    c.add_argument("--timezone", help=TIMEZONE_HELP)
    c = cmd(
        "show", status.show, "a campaign's status, counts, schedule and where every "
        "recipient stands", group_sub,
    )  # fmt: skip
    c.set_defaults(action=Action.VIEW)
    c.add_argument("campaign_id", type=int)
    c.add_argument("--timezone", help=TIMEZONE_HELP)
    for what, (short, text) in CONTROL_HELP.items():
        c = cmd(what, _control, short, group_sub)
        c.description = text
        c.set_defaults(action=Action.MANAGE_CAMPAIGN, control=what)
        c.add_argument("campaign_id", type=int)
        if what == "resume":
            c.add_argument(
                "--wait", action="store_true",
                help="send the rest here and wait, as send FILE does, instead of the worker",
            )  # fmt: skip


def _control(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    what: campaign_actions.Control = args.control
    before = status.existing(console, args.campaign_id)
    changed = campaign_actions.control(
        console.store, before.id, what, user=console.client.user, detail=audit_detail()
    )
    if not changed:
        now = status.existing(console, before.id)
        raise InvalidInputError(
            f"Campaign #{now.id} is {now.status}: {NEEDS[what]}. Nothing changed."
        )
    if what == "resume" and getattr(args, "wait", False):
        return status.send_here(args, console, before.id, None, out)
    after = status.existing(console, before.id)
    if not args.json:
        print(_said(what, after), file=out)
    return {"campaign_id": after.id, "status": after.status, "was": before.status}


def _said(what: str, c: cs.Campaign) -> str:
    if what == "pause":
        return (
            f"Campaign #{c.id} is paused: nothing more is sent until it is resumed "
            f"(scripts/itnio campaign resume {c.id}). Requests already being made finish and "
            "are recorded."
        )
    if what == "resume":
        return (
            f"Campaign #{c.id} is {c.status} again: the recipients never sent will be sent, and "
            f"no one else. The worker sends them: {status.WORKER_NEEDED} (or resume with --wait "
            "to send them here)."
        )
    return (
        f"Campaign #{c.id} is cancelled: the recipients not sent yet will not be; messages "
        f"already sent stay sent. scripts/itnio campaign show {c.id} says where each stands."
    )
