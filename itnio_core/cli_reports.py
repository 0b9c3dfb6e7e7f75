"""``python -m itnio_core report``: delivery status from the command line."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .cli_common import AddCommand, split
from .runtime import Console


def register(cmd: AddCommand) -> None:
    c = cmd("report", _report, "delivery status of message ids")
    c.add_argument("msgids", help="MSGID[,MSGID...]")


def _report(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    report = console.client.get_report(split(args.msgids))
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
