"""``python -m itnio_core``: the same operations as the app, from a terminal.

Every command prints a readable summary, or the API's answer with ``--json``.
Errors exit with status 1 and the plain-words message; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from ..api.models import BatchItem
from ..campaigns import flow as campaign_flow
from ..campaigns import results_workbook as results
from ..campaigns import store as cs
from ..campaigns.plan import check_sender_id
from ..campaigns.verdicts import VERDICTS
from ..common.errors import InvalidInputError, ItnioError
from ..console.wiring import SANDBOX_NOTICE_EN, Console, open_console
from ..sending.sender import Sender
from . import otp as cli_otp
from . import reports as cli_reports
from .common import Handler, split


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


class CommandFailed(ItnioError):
    """The command ran but did not succeed: ``answer`` is still printed with --json."""

    def __init__(self, message: str, answer: Any) -> None:
        super().__init__(message)
        self.answer = answer


SEND_TIMEOUT = 24 * 3600.0  # seconds; a stalled platform stops the campaign long before


def _send_file(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    """Check a spreadsheet and, unless --dry-run, send it as a durable campaign."""
    target = _out_path(args.out, (".xlsx", ".csv") if args.dry_run else (".xlsx",))
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
            _write(target, campaign_flow.verdicts_file(checked, target.suffix))
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


def _out_path(value: str | None, allowed: tuple[str, ...]) -> Path | None:
    if not value:
        return None
    target = Path(value)
    if target.suffix.lower() not in allowed:
        raise InvalidInputError(
            f"--out must end in {' or '.join(allowed)} here, not {target.name!r}."
        )
    return target


def _write(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InvalidInputError(f"Cannot write {target}: {exc.strerror or exc}.") from None


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
        _write(target, results.campaign_workbook(console.store, campaign_id))
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
        raise CommandFailed(
            campaign.stop_message_en or f"The campaign is {campaign.status}.", answer
        )
    return answer


def _results_hint(campaign_id: int) -> str:
    return f"python -m itnio_core results {campaign_id} --out results.xlsx (or the Campaigns page)"


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
    target = _out_path(args.out, (".xlsx",))
    assert target is not None
    if cs.get(console.store, args.campaign_id) is None:
        raise InvalidInputError(f"There is no campaign #{args.campaign_id}.")
    _write(target, results.campaign_workbook(console.store, args.campaign_id))
    if not args.json:
        print(f"Results workbook of campaign #{args.campaign_id} written to {target}", file=out)
    return {"campaign_id": args.campaign_id, "results": str(target)}


FILE_OPTIONS = {
    "--column": "the phone column (default: detected)",
    "--country": "two-letter country of numbers written without a country code, e.g. IN",
    "--sheet": "the sheet to read (default: the first visible one)",
    "--name": "campaign name (default: the file name)",
    "--out": "with --dry-run: every row's verdict (.xlsx or .csv); "
    "after sending: the results workbook (.xlsx)",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m itnio_core", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(name: str, handler: Handler, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = parent.add_parser(name, help=help_)
        c.add_argument("--json", action="store_true", help="print the API's answer as JSON")
        c.set_defaults(handler=handler)
        return c

    cmd("balance", _balance, "show the account balance")
    cli_reports.register(cmd)
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
    cli_otp.register(cmd, sub)

    hp = sub.add_parser(
        "hash-password",
        help="print a password hash for a user in .streamlit/secrets.toml",
        description="Asks for the password twice (or reads one line from standard input "
        "when it is not a terminal) and prints the [users.NAME] lines to paste.",
    )
    hp.add_argument("--user", default="NAME", help="the user name to put in the printed lines")
    hp.add_argument("--role", default="sender", choices=["viewer", "sender", "admin"])
    hp.set_defaults(handler=None)

    sb = sub.add_parser("sandbox", help="serve the ITNIO simulator on loopback")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=8765)
    for name in ("api-key", "api-secret", "sms-app-id", "otp-app-id"):
        sb.add_argument(f"--{name}")
    sb.add_argument("--balance", type=Decimal, help="starting balance (USD)")
    sb.add_argument("--delivery-delay", type=float, help="seconds until a final status")
    sb.set_defaults(handler=None)
    return p


def _serve_sandbox(args: argparse.Namespace) -> int:
    from ..sandbox import SandboxConfig, serve_forever

    overrides: dict[str, Any] = {
        k: v
        for k, v in {
            "api_key": args.api_key,
            "api_secret": args.api_secret,
            "sms_app_id": args.sms_app_id,
            "otp_app_id": args.otp_app_id,
            "starting_balance": args.balance,
            "delivery_delay": args.delivery_delay,
        }.items()
        if v is not None
    }
    with contextlib.suppress(KeyboardInterrupt):
        serve_forever(SandboxConfig(**overrides), host=args.host, port=args.port)
    return 0


def _hash_password(args: argparse.Namespace, out: TextIO) -> int:
    from ..access.auth import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("Error: the two passwords differ; nothing was printed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        hashed = hash_password(password)
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    print(f"[users.{args.user}]", file=out)
    print(f'password_hash = "{hashed}"', file=out)
    print(f'role = "{args.role}"', file=out)
    return 0


def _check_send_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.command != "send":
        return
    if args.file is None and args.numbers is None:
        parser.error("send: give a spreadsheet FILE, or --numbers N1,N2")
    if args.file is not None and args.numbers is not None:
        parser.error("send: give a spreadsheet FILE or --numbers, not both")
    if args.numbers is not None:
        used = [f for f in (*FILE_OPTIONS, "--dry-run") if getattr(args, f[2:].replace("-", "_"))]
        if used:
            parser.error(f"send: {', '.join(used)} only apply to a spreadsheet FILE")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "sandbox":
        return _serve_sandbox(args)
    if args.command == "hash-password":
        return _hash_password(args, out)
    _check_send_usage(parser, args)
    console = open_console(user=f"cli:{getpass.getuser()}")
    try:
        if console.is_sandbox and not args.json:
            print(SANDBOX_NOTICE_EN, file=sys.stderr)
        answer = args.handler(args, console, out)
        if args.json:
            print(json.dumps(answer, ensure_ascii=False, indent=2, default=str), file=out)
        return 0
    except CommandFailed as exc:
        if args.json:
            print(json.dumps(exc.answer, ensure_ascii=False, indent=2, default=str), file=out)
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        console.close()
