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
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TextIO

from . import otp
from .errors import ItnioError
from .models import CHANNELS, BatchItem
from .runtime import SANDBOX_NOTICE_EN, Console, open_console

Handler = Callable[[argparse.Namespace, Console, TextIO], Any]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _balance(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    b = console.client.get_balance()
    if not args.json:
        print(f"Balance: {b.balance}   Gift: {b.gift}   Credit: {b.credit}", file=out)
    return b.raw


def _report(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    report = console.client.get_report(_split(args.msgids))
    if not args.json:
        print(
            f"Delivered: {report.success}   Failed: {report.fail}   "
            f"Still sending: {report.sending}   Not found yet: {report.nofound}",
            file=out,
        )
        words = {0: "delivered", -1: "still sending", 1: "failed"}
        for item in report.items:
            when = f"  at {item.receive_time}" if item.receive_time else ""
            print(
                f"  {item.msg_id}  {item.number}  {words.get(item.status, item.status)}{when}",
                file=out,
            )
    return {"merged": _report_json(report), "answers": report.raw}


def _report_json(report: Any) -> dict[str, Any]:
    return {
        "success": report.success,
        "fail": report.fail,
        "sending": report.sending,
        "nofound": report.nofound,
        "array": [
            {
                "msgId": i.msg_id,
                "number": i.number,
                "receiveTime": i.receive_time,
                "status": i.status,
            }
            for i in report.items
        ],
    }


def _send(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    item = BatchItem(tuple(_split(args.numbers)), args.content, args.sender_id or "")
    result = console.client.send_batch([item])
    if not args.json:
        print(f"Accepted: {result.success}   Rejected: {result.fail}", file=out)
        for m in result.messages:
            print(f"  {m.number}  msgId {m.msg_id}", file=out)
    return result.raw[0] if len(result.raw) == 1 else result.raw


def _otp_send(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    code = args.code or otp.generate_code(args.code_length)
    order_id = args.order_id or otp.new_order_id()
    result = console.client.send_otp(
        args.to,
        template_id=args.template_id,
        code=code,
        channel=args.channel,
        flow_id=args.flow_id,
        order_id=order_id,
    )
    if not args.json:
        print(f"Sent code {code} to {result.to} by {result.channel}.", file=out)
        print(f"  verificationId {result.verification_id}   orderId {order_id}", file=out)
        if result.sna_url:
            print(f"  SNA link: {result.sna_url}", file=out)
    return result.raw


MATCHED = {
    -1: "not checked yet",
    0: "verified",
    1: "sending",
    2: "failed",
    3: "unknown verification id",
}


def _otp_record(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    rec = console.client.get_otp_record(args.order_id)
    if not args.json:
        v = rec.verification
        state = MATCHED.get(v.matched, "unknown") if v.matched is not None else "unknown"
        print(f"Order {rec.order_id or args.order_id}: {state}", file=out)
        print(
            f"  number {v.ori_receiver or '-'}   channel {v.channel or '-'}   "
            f"flow {rec.flow_id if rec.flow_id is not None else '-'}",
            file=out,
        )
        if v.verified_date:
            print(f"  verified at {v.verified_date}", file=out)
        print(f"  attempts: {len(rec.sms)} SMS, {len(rec.call)} call, {len(rec.sna)} SNA", file=out)
    return rec.raw


def _backfill(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    console.client.backfill_conversion(args.msgid, args.number, args.time)
    if not args.json:
        print(f"Conversion reported for message {args.msgid}.", file=out)
    return {"status": "0", "reason": "success"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m itnio_core", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(name: str, handler: Handler, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = parent.add_parser(name, help=help_)
        c.add_argument("--json", action="store_true", help="print the API's answer as JSON")
        c.set_defaults(handler=handler)
        return c

    cmd("balance", _balance, "show the account balance")
    c = cmd("report", _report, "delivery status of message ids")
    c.add_argument("msgids", help="MSGID[,MSGID...]")
    c = cmd("send", _send, "send one text to a few numbers")
    c.add_argument("--numbers", required=True, help="N1,N2 (country code + number, digits)")
    c.add_argument("--content", required=True)
    c.add_argument("--sender-id", default="")
    c = cmd("backfill", _backfill, "report that a code was used (conversion)")
    c.add_argument("--msgid", required=True)
    c.add_argument("--number", required=True)
    c.add_argument("--time", help="epoch milliseconds (default: now)")

    otp_p = sub.add_parser("otp", help="send or inspect OTP verifications")
    otp_sub = otp_p.add_subparsers(dest="otp_command", required=True)
    c = cmd("send", _otp_send, "send a verification code", otp_sub)
    c.add_argument("--to", required=True)
    c.add_argument("--channel", choices=CHANNELS, default="sms")
    c.add_argument("--template-id", type=int, default=1)
    c.add_argument("--code", help="the code to send (default: a secure random code)")
    c.add_argument("--code-length", type=int, default=6)
    c.add_argument("--flow-id", type=int)
    c.add_argument("--order-id", help="unique order id (default: generated)")
    c = cmd("record", _otp_record, "look up a verification by order id", otp_sub)
    c.add_argument("order_id")

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
    from .sandbox import SandboxConfig, serve_forever

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


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        return _serve_sandbox(args)
    console = open_console(user=f"cli:{getpass.getuser()}")
    try:
        if console.is_sandbox and not args.json:
            print(SANDBOX_NOTICE_EN, file=sys.stderr)
        answer = args.handler(args, console, out)
        if args.json:
            print(json.dumps(answer, ensure_ascii=False, indent=2, default=str), file=out)
        return 0
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        console.close()
