"""``send`` and ``results``: a campaign from the command line, and ``balance``.

``send FILE`` goes through the same steps as New campaign (``campaigns.flow``): the
spreadsheet is checked, planned, stored as a draft, confirmed once, and sent by the same
durable sender; ``--dry-run`` stops after the check. ``send --numbers`` is one quick batch.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..api import BatchItem
from ..campaigns import VERDICTS, standing
from ..campaigns import flow as campaign_flow
from ..campaigns import results_workbook as results
from ..campaigns import store as cs
from ..common import InvalidInputError, check_sender_id
from ..console import Console
from ..sending import Sender
from .common import AddCommand, CommandFailed, out_path, split, write_file


def register(cmd: AddCommand) -> None:
    cmd("balance", _balance, "show the account balance")
    c = cmd("send", _send, "send a spreadsheet as a campaign, or one text to a few numbers")
    c.add_argument("file", nargs="?", help="spreadsheet (.xlsx, .xls, .csv, .ods) to send to")
    c.add_argument("--numbers", help="N1,N2 (country code + number, digits) instead of a FILE")
    c.add_argument("--content", required=True, help="the message; {Column} fills in a value")
    c.add_argument("--sender-id", default="")
    for flag, text in FILE_OPTIONS.items():
        c.add_argument(flag, help=text)
    c.add_argument("--dry-run", action="store_true", help="check and count, send nothing")
    c = cmd("results", _results, "write a campaign's results workbook")
    c.add_argument("campaign_id", type=int)
    c.add_argument("--out", required=True, help="PATH.xlsx")


def check_send_usage(args: argparse.Namespace) -> str | None:
    """What is wrong with how ``send`` was called, or None."""
    if args.command != "send":
        return None
    if args.file is None and args.numbers is None:
        return "send: give a spreadsheet FILE, or --numbers N1,N2"
    if args.file is not None and args.numbers is not None:
        return "send: give a spreadsheet FILE or --numbers, not both"
    if args.numbers is not None:
        used = [f for f in (*FILE_OPTIONS, "--dry-run") if getattr(args, f[2:].replace("-", "_"))]
        if used:
            return f"send: {', '.join(used)} only apply to a spreadsheet FILE"
    return None


FILE_OPTIONS = {
    "--column": "the phone column (default: detected)",
    "--country": "two-letter country of numbers written without a country code, e.g. IN",
    "--sheet": "the sheet to read (default: the first visible one)",
    "--name": "campaign name (default: the file name)",
    "--out": "with --dry-run: every row's verdict (.xlsx or .csv); "
    "after sending: the results workbook (.xlsx)",
}


def _balance(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    b = console.client.get_balance()
    if not args.json:
        print(f"Balance: {b.balance}   Gift: {b.gift}   Credit: {b.credit}", file=out)
    return b.raw


def _send(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    if args.file is not None:
        return _send_file(args, console, out)
    item = BatchItem(tuple(split(args.numbers)), args.content, args.sender_id or "")
    result = console.client.send_batch([item])
    if not args.json:
        print(f"Accepted: {result.success}   Rejected: {result.fail}", file=out)
        for m in result.messages:
            print(f"  {m.number}  msgId {m.msg_id}", file=out)
    return result.raw[0] if len(result.raw) == 1 else result.raw


SEND_TIMEOUT = 24 * 3600.0  # seconds; a stalled platform stops the campaign long before


def _send_file(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    """Check a spreadsheet and, unless --dry-run, send it as a durable campaign."""
    target = out_path(args.out, (".xlsx", ".csv") if args.dry_run else (".xlsx",))
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    upload = campaign_flow.load_upload(data, path.name, args.sheet)
    checked = campaign_flow.check_upload(console.store, upload, args.column, args.country)
    plan = campaign_flow.plan(checked, args.content)
    if args.dry_run:
        summary = campaign_flow.dry_run_summary(checked, plan)
        if target is not None:
            write_file(target, campaign_flow.verdicts_file(checked, target.suffix))
        if not args.json:
            _print_check(checked, plan, summary, target, out)
        return summary
    if plan.recipients == 0:
        raise InvalidInputError(
            "Nothing to send: no row has a number that can be sent. "
            "Run with --dry-run --out verdicts.xlsx to see every row's verdict."
        )
    user = console.client.user
    campaign_id = campaign_flow.save_draft(
        console.store,
        checked,
        plan,
        name=args.name or path.stem,
        content=args.content,
        sender_id=check_sender_id(args.sender_id or ""),
        user=user,
    )
    if not cs.confirm(console.store, campaign_id, user=user):
        raise InvalidInputError(f"Campaign #{campaign_id} was already confirmed elsewhere.")
    _run_sender(console, campaign_id, out)
    return _report_campaign(args, console, campaign_id, target, out)


def _run_sender(console: Console, campaign_id: int, out: TextIO) -> None:
    sender = Sender(console.store, console.client_for)
    try:
        sender.run_until_idle(timeout=SEND_TIMEOUT)
    except KeyboardInterrupt:
        cs.pause(console.store, campaign_id)
        sender.stop()  # requests already made finish and are recorded
        raise InvalidInputError(
            f"Interrupted. Campaign #{campaign_id} is paused; nothing already sent will be sent "
            "again. Resume it from the Campaigns page."
        ) from None
    sender.stop()


def _report_campaign(
    args: argparse.Namespace, console: Console, campaign_id: int, target: Path | None, out: TextIO
) -> Any:
    campaign = cs.get(console.store, campaign_id)
    assert campaign is not None
    p = cs.progress(console.store, campaign_id)
    if target is not None:
        write_file(target, results.campaign_workbook(console.store, campaign_id))
    answer = {
        "campaign_id": campaign_id,
        "status": campaign.status,
        "recipients": campaign.recipients,
        "accepted": p.accepted,
        "refused": p.rejected,
        "unknown": p.unknown,
        "not_sent": p.pending + p.in_flight + p.cancelled,
        "results": str(target) if target else None,
    }
    if not args.json:
        print(
            f"Campaign #{campaign_id} {campaign.name!r}: {campaign.status}. "
            f"Accepted {p.accepted:,}, refused {p.rejected:,}, unknown {p.unknown:,} "
            f"(of {campaign.recipients:,} recipients).",
            file=out,
        )
        where = f"written to {target}" if target else _results_hint(campaign_id)
        print(f"Results workbook: {where}", file=out)
    if campaign.status != cs.FINISHED:
        where = " ".join(standing.count(console.store, campaign_id).lines("en"))
        why = campaign.stop_message_en or f"The campaign is {campaign.status}."
        raise CommandFailed(f"{why} {where}", answer)
    return answer


def _results_hint(campaign_id: int) -> str:
    return f"scripts/itnio results {campaign_id} --out results.xlsx (or the Campaigns page)"


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
    print(
        f"Would send {_count(plan.recipients, 'message')} "
        f"({_count(summary['segments'], 'segment')}) in {_count(summary['requests'], 'request')}.",
        file=out,
    )
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


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _results(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    target = out_path(args.out, (".xlsx",))
    assert target is not None
    if cs.get(console.store, args.campaign_id) is None:
        raise InvalidInputError(f"There is no campaign #{args.campaign_id}.")
    write_file(target, results.campaign_workbook(console.store, args.campaign_id))
    if not args.json:
        print(f"Results workbook of campaign #{args.campaign_id} written to {target}", file=out)
    return {"campaign_id": args.campaign_id, "results": str(target)}
