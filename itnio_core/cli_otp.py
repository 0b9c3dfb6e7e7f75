"""``python -m itnio_core otp ...`` and ``backfill``: verifications and conversions."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from . import otp
from .cli_common import AddCommand
from .models import CHANNELS
from .runtime import Console


def register(cmd: AddCommand, sub: Any) -> None:
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
