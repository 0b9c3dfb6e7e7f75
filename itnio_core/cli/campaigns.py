"""``send`` and ``results``: a campaign from the command line, and ``balance``.

``send FILE`` goes through the same steps as New campaign (``campaigns.flow``): the
spreadsheet is checked, planned, stored as a draft, confirmed once (``campaigns.actions``: the
daily cap, the audit record) and sent by the same durable sender; ``--dry-run`` stops after the
check. Above the confirmation threshold it needs ``--yes``; with ``--schedule`` it is left to
the worker. ``send --numbers`` is one quick batch, within the daily cap.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from .. import money, quiet_hours
from ..access import Action
from ..api import BatchItem
from ..campaigns import VERDICTS, CampaignPlan, PlanPreview
from ..campaigns import flow as campaign_flow
from ..campaigns import results_workbook as results
from ..campaigns import store as cs
from ..common import InvalidInputError, check_sender_id
from ..console import Console
from . import campaign_status, rules
from . import quiet as cli_quiet
from .common import AddCommand, counted, out_path, record_export, split, write_file
from .identity import audit_detail


def register(cmd: AddCommand) -> None:
    cmd("balance", _balance, "show the account balance").set_defaults(action=Action.VIEW)
    c = cmd("send", _send, "send a spreadsheet as a campaign, or one text to a few numbers")
    c.set_defaults(action=Action.SEND_CAMPAIGN)
    c.description = SEND_DESCRIPTION
    c.add_argument("file", nargs="?", help="spreadsheet (.xlsx, .xls, .csv, .ods) to send to")
    c.add_argument("--numbers", help="N1,N2 (country code + number, digits) instead of a FILE")
    c.add_argument("--content", help="the message; {Column} fills in a value")
    c.add_argument("--template", metavar="NAME", help="the message of a saved template instead "
                   "of --content (its sender ID too, unless --sender-id is given)")  # fmt: skip
    c.add_argument("--sender-id", default=None)
    for flag, text in FILE_OPTIONS.items():
        c.add_argument(flag, help=text, metavar=FILE_METAVARS.get(flag))
    for flag, text in FILE_SWITCHES.items():
        c.add_argument(flag, action="store_true", help=text)
    c = cmd("results", _results, "write a campaign's results workbook")
    c.set_defaults(action=Action.EXPORT)
    c.add_argument("campaign_id", type=int)
    c.add_argument("--out", required=True, help="PATH.xlsx")


SEND_DESCRIPTION = (
    "Send a spreadsheet as a campaign (checked, stored and sent once, as New campaign does), "
    "or one text to a few numbers (--numbers). The rules an administrator set in the app "
    "apply: with more recipients than the confirmation threshold it needs --yes (check first "
    "with --dry-run), and nothing passes the daily cap. With users in .streamlit/secrets.toml "
    "say who you are with --as NAME; every send is in the audit log under that name."
)


def check_send_usage(args: argparse.Namespace) -> str | None:
    """What is wrong with how ``send`` was called, or None."""
    if args.command != "send":
        return None
    if (args.content is None) == (args.template is None):
        return "send: give the message with --content TEXT or --template NAME (one of them)"
    if args.file is None and args.numbers is None:
        return "send: give a spreadsheet FILE, or --numbers N1,N2"
    if args.file is not None and args.numbers is not None:
        return "send: give a spreadsheet FILE or --numbers, not both"
    if args.numbers is not None:
        flags = (*FILE_OPTIONS, *FILE_SWITCHES)
        used = [f for f in flags if getattr(args, f[2:].replace("-", "_"))]
        if used:
            return f"send: {', '.join(used)} only apply to a spreadsheet FILE"
    if args.schedule is not None and args.dry_run:
        return "send: --dry-run sends nothing, so it has nothing to --schedule"
    if args.timezone is not None and args.schedule is None and args.at is None:
        return "send: --timezone is the zone of --schedule's (or --at's) time; give it too"
    if args.at is not None and not args.dry_run:
        return "send: --at only says what quiet hours would hold in a --dry-run"
    return None


FILE_OPTIONS = {
    "--column": "the phone column (default: detected)",
    "--country": "two-letter country of numbers written without a country code, e.g. IN",
    "--sheet": "the sheet to read (default: the first visible one)",
    "--name": "campaign name (default: the file name)",
    "--out": "with --dry-run: every row's verdict (.xlsx or .csv); "
    "after sending: the results workbook (.xlsx)",
    "--schedule": 'send later, at this time, e.g. "2026-12-24 09:00": the worker sends it then '
    "(scripts/start or scripts/itnio worker must be running); the command does not wait",
    "--at": "with --dry-run: say what quiet hours would hold if sent at this time, e.g. "
    '"2026-12-24 23:30" (default: now); the JSON lists them under "held"',
    "--timezone": "the zone of --schedule's or --at's time, e.g. Asia/Kolkata (default: this "
    "computer's)",
}
FILE_METAVARS = {"--schedule": "TIME", "--at": "TIME", "--timezone": "ZONE", "--out": "PATH"}
FILE_SWITCHES = {
    "--dry-run": "check and count, send nothing",
    "--include-other-countries": "with --country: also send the rows whose number is valid "
    "only under another country's code (the dry run lists them as check)",
    "--yes": "send even though there are more recipients than the confirmation threshold set "
    "in the app (check them with --dry-run first)",
}


def _balance(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    b = console.client.get_balance()
    if not args.json:
        print(f"Balance: {b.balance}   Gift: {b.gift}   Credit: {b.credit}", file=out)
    return b.raw


def _send(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    message = cli_quiet.message(args, console)
    if args.file is not None:
        return _send_file(args, console, message, out)
    numbers = tuple(split(args.numbers))
    rules.check_cap(console, len(numbers))
    result = console.client.send_batch([BatchItem(numbers, message.content, message.sender_id)])
    if not args.json:
        print(f"Accepted: {result.success}   Rejected: {result.fail}", file=out)
        for m in result.messages:
            print(f"  {m.number}  msgId {m.msg_id}", file=out)
    return result.raw[0] if len(result.raw) == 1 else result.raw


def _send_file(
    args: argparse.Namespace, console: Console, message: cli_quiet.Message, out: TextIO
) -> Any:
    """Check a spreadsheet and, unless --dry-run, send it as a durable campaign (or schedule it).

    Nothing is stored before the rules are met: the cap, then the threshold (``--yes``)."""
    target = out_path(args.out, (".xlsx", ".csv") if args.dry_run else (".xlsx",))
    when = rules.scheduled_at(args.schedule, args.timezone)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    upload = campaign_flow.load_upload(data, path.name, args.sheet)
    checked = campaign_flow.check_upload(
        console.store, upload, args.column, args.country, args.include_other_countries
    )
    message.check_columns(upload.table.columns)
    quiet = quiet_hours.rules.load(console.store)
    if args.dry_run:
        # Without quiet-hours rules the preview has every figure the dry run says (the
        # requests are packed per rule), without writing a message per row.
        counted = (
            campaign_flow.plan(checked, message.content, quiet=quiet)
            if quiet
            else campaign_flow.preview(checked, message.content)
        )
        summary = _dry_run(args, console, checked, counted, target, out)
        return {**summary, "held": cli_quiet.held(args, console, counted, quiet, out)}
    plan = campaign_flow.plan(checked, message.content, quiet=quiet)
    if plan.recipients == 0:
        raise InvalidInputError(
            "Nothing to send: no row has a number that can be sent. "
            "Run with --dry-run --out verdicts.xlsx to see every row's verdict."
        )
    rules.check_cap(console, plan.recipients)
    rules.check_threshold(console, plan.recipients, args.yes)
    estimate = money.estimate_plan(plan, money.PriceBook.load(console.store))
    check = money.confirm_check(console.client, estimate)  # the balance, read now
    if check.short:  # nothing stored, nothing sent
        raise check.error()
    campaign_id = _confirm(args, console, checked, plan, path, when, message, estimate)
    if when is not None:
        scheduled = campaign_status.say_scheduled(args, console, campaign_id, out)
        return {**scheduled, "held": cli_quiet.held_at(args, plan, quiet, when, out)}
    return campaign_status.send_here(args, console, campaign_id, target, out)


def _confirm(
    args: argparse.Namespace,
    console: Console,
    checked: campaign_flow.Checked,
    plan: Any,
    path: Path,
    when: datetime | None,
    message: cli_quiet.Message,
    estimate: money.Estimate,
) -> int:
    """The draft, confirmed once as the app confirms it (the caps and the balance again, the
    audit record)."""
    user = console.client.user
    campaign_id = campaign_flow.save_draft(
        console.store,
        checked,
        plan,
        name=args.name or path.stem,
        content=message.content,
        sender_id=check_sender_id(message.sender_id),
        user=user,
        template_id=message.template_id,
    )
    stored = rules.settings(console)
    confirmed = money.confirm.confirm(
        console.store,
        console.client,
        campaign_id,
        estimate,
        user=user,
        daily_cap=stored.daily_cap,
        money_cap=Decimal(stored.daily_money_cap) if stored.daily_money_cap else None,
        scheduled_at=when,
        detail=audit_detail(),
    )
    if not confirmed:
        raise InvalidInputError(f"Campaign #{campaign_id} was already confirmed elsewhere.")
    return campaign_id


def _dry_run(
    args: argparse.Namespace,
    console: Console,
    checked: campaign_flow.Checked,
    plan: CampaignPlan | PlanPreview,
    target: Path | None,
    out: TextIO,
) -> Any:
    summary = campaign_flow.dry_run_summary(checked, plan)
    estimate = money.estimate_plan(plan, money.PriceBook.load(console.store))
    if target is not None:
        write_file(target, campaign_flow.verdicts_file(checked, target.suffix))
        record_export(console, target)
    if not args.json:
        _print_check(checked, plan, summary, target, out)
        _print_estimate(estimate, out)
        _print_rules(console, plan.recipients, out)
    return {**summary, "estimate": estimate.to_json()}


def _print_estimate(estimate: money.Estimate, out: TextIO) -> None:
    cur = estimate.currency
    least = "at least " if estimate.lower_bound else ""
    print(f"Estimated cost: {least}{money.money_text(estimate.total)} {cur}", file=out)
    for c in estimate.by_country:
        cost = "no price" if c.cost is None else f"{money.money_text(c.cost)} {cur}"
        print(f"  {c.name()}: {c.recipients:,} recipients, {c.parts:,} parts, {cost}", file=out)
    if estimate.lower_bound:
        names = ", ".join(c.name() for c in estimate.unknown)
        print(f"  No price for {names}: the total leaves them out.", file=out)


def _print_rules(console: Console, recipients: int, out: TextIO) -> None:
    """What sending it would meet: the threshold (--yes) and the daily cap."""
    threshold = rules.threshold_words(recipients, rules.settings(console).confirm_threshold)
    if threshold:
        print(f"{threshold} Sending it needs --yes.", file=out)
    try:
        rules.check_cap(console, recipients)
    except InvalidInputError as exc:
        print(f"{console.client.user} cannot send it today: {exc.user_message}", file=out)


def _print_check(
    checked: campaign_flow.Checked,
    plan: Any,
    summary: dict[str, int],
    target: Path | None,
    out: TextIO,
) -> None:
    table = checked.upload.table
    header = f", header on row {table.header_row}" if table.header_row else ""
    print(
        f"Checked {summary['rows']:,} rows of sheet {table.sheet!r} "
        f"(phone column {checked.phone_column!r}{header}).",
        file=out,
    )
    print("  " + "   ".join(f"{k}: {summary[k]:,}" for k in VERDICTS), file=out)
    segments, requests = (
        counted(summary["segments"], "segment"),
        counted(summary["requests"], "request"),
    )
    print(f"Would send {counted(plan.recipients, 'message')} ({segments}) in {requests}.", file=out)
    problems = checked.verdicts.problems()
    lines = [str(t) for t in problems["problem"].head(PROBLEMS_SHOWN)]
    lines += [p.message for p in plan.problems[: PROBLEMS_SHOWN - len(lines)]]
    more = len(problems) + len(plan.problems) - len(lines)
    for line in lines:
        print(f"  {line}", file=out)
    if more > 0:
        print(f"  ... and {more:,} more.", file=out)
    where = f"written to {target}" if target else "add --out verdicts.xlsx (or .csv)"
    print(f"Every row's verdict: {where}", file=out)


PROBLEMS_SHOWN = 10


def _results(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    target = out_path(args.out, (".xlsx",))
    assert target is not None
    if cs.get(console.store, args.campaign_id) is None:
        raise InvalidInputError(f"There is no campaign #{args.campaign_id}.")
    write_file(target, results.campaign_workbook(console.store, args.campaign_id))
    record_export(console, target)
    if not args.json:
        print(f"Results workbook of campaign #{args.campaign_id} written to {target}", file=out)
    return {"campaign_id": args.campaign_id, "results": str(target)}
