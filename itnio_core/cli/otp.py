"""``itnio otp ...`` and ``backfill``: verifications and conversions.

Sends and reports go through the same store as the app: an OTP send is in
the OTP history, and a msgid is reported at most once, whichever tool did it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..access import Action
from ..api import CHANNELS
from ..bulk import jobs as otp_jobs
from ..bulk import results as otp_job_results
from ..bulk import sheets as otp_sheets
from ..bulk import worker as otp_job_worker
from ..common import InvalidInputError, ItnioError, TimeParseError, now_ms, to_epoch_ms, zone_named
from ..console import Console
from ..conversions import backfill as conversions
from ..money import learn_from_otp_record
from ..otp import records as otp_records
from ..otp import send as otp
from ..otp import store as otp_store
from ..sheets import read_table
from . import rules
from .common import AddCommand, CommandFailed, record_export


def register(cmd: AddCommand, sub: Any) -> None:
    c = cmd("backfill", _backfill, "report conversions: one (--msgid) or a spreadsheet (--file)")
    c.set_defaults(action=Action.REPORT_CONVERSION)
    c.add_argument("--msgid", help="the message id (or an OTP's verificationId)")
    c.add_argument("--number", help="the number it was sent to, with its country code")
    c.add_argument("--time", help="when it was used: epoch ms, or 2024-05-01 14:03 (default: now)")
    c.add_argument("--file", help="spreadsheet with msgid, number and time columns")
    _file_options(c, "the conversion results workbook (.xlsx)")
    c.add_argument("--country", help="two-letter country of numbers without a country code")
    c.set_defaults(parser=c)

    otp_p = sub.add_parser("otp", help="send or inspect OTP verifications")
    otp_sub = otp_p.add_subparsers(dest="otp_command", required=True)
    c = cmd("send", _otp_send, "send a verification code (within your daily cap)", otp_sub)
    c.set_defaults(action=Action.SEND_OTP)
    c.add_argument("--to", required=True)
    c.add_argument("--channel", choices=CHANNELS, default="sms")
    c.add_argument("--template-id", type=int, default=1)
    c.add_argument("--code", help="the code to send (default: a secure random code)")
    c.add_argument("--code-length", type=int, default=6)
    c.add_argument("--country", help="two-letter country of a number without a country code")
    c.add_argument("--flow-id", type=int)
    c.add_argument("--order-id", help="unique order id (default: generated)")
    c = cmd("record", _otp_record, "look up a verification by order id", otp_sub)
    c.set_defaults(action=Action.LOOKUP_OTP)
    c.add_argument("order_id")
    c.add_argument("--timezone", help="show times in this zone, e.g. Asia/Kolkata (default: local)")
    c = cmd("records", _otp_records, "look up every orderId of a spreadsheet", otp_sub)
    c.set_defaults(action=Action.LOOKUP_OTP)
    c.add_argument("--file", required=True, help="spreadsheet with an orderId column")
    _file_options(c, "the lookup results workbook (.xlsx)")


def _file_options(c: argparse.ArgumentParser, out_help: str) -> None:
    c.add_argument("--out", help=out_help)
    c.add_argument("--sheet", help="the sheet to read (default: the first visible one)")
    c.add_argument(
        "--timezone", help="zone of times without one, e.g. Asia/Kolkata (default: local)"
    )


def _zone(name: str | None) -> otp_records.Zone:
    return otp_records.Zone(*zone_named(name))


# ------------------------------------------------------------------ otp send / record
def _otp_send(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    code = args.code or otp.generate_code(args.code_length)
    request = otp.check_request(
        to=args.to, country=args.country, channel=args.channel, template_id=args.template_id,
        code=code, flow_id=args.flow_id, order_id=args.order_id or otp.new_order_id(),
    )  # fmt: skip
    rules.check_cap(console, 1)  # as the app's Send an OTP does
    attempt = otp.send_once(
        console.store, console.client, request, user=console.client.user, source="cli"
    )
    send = attempt.send
    if not attempt.fresh:
        raise InvalidInputError(
            f"orderId {send.order_id} was already used on {send.at:%Y-%m-%d %H:%M} UTC; "
            "nothing was sent. Give a new --order-id (or none to generate one)."
        )
    if send.state != otp_store.SENT:
        raise ItnioError(send.error_en or "The code was not sent.", message_zh=send.error_zh)
    if not args.json:
        print(f"Sent code {request.code} to {send.number} by {send.channel}.", file=out)
        print(f"  verificationId {send.verification_id}   orderId {send.order_id}", file=out)
        if send.sna_url:
            print(f"  SNA link: {send.sna_url}", file=out)
    data = {"verificationId": send.verification_id, "to": send.number, "channel": send.channel}
    if send.sna_url:
        data["snaUrl"] = send.sna_url
    return {"status": "0", "reason": "success", "data": data, "orderId": send.order_id}


def _otp_record(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    rec = console.client.get_otp_record(args.order_id)
    v = rec.verification
    otp_store.record_lookup(
        console.store, args.order_id, v.matched, otp_records.delivered(rec), v.verified_date
    )
    learn_from_otp_record(console.store, rec)  # what the platform charged: a learned price
    if not args.json:
        zone = _zone(args.timezone)
        print(
            f"Order {rec.order_id or args.order_id}: {otp_records.matched_words(v.matched)}",
            file=out,
        )
        print(
            f"  number {v.ori_receiver or '-'}   channel {v.channel or '-'}   "
            f"flow {rec.flow_id if rec.flow_id is not None else '-'}",
            file=out,
        )
        if v.verified_date:
            print(f"  verified at {zone.time(v.verified_date)}", file=out)
        print(f"  attempts: {len(rec.sms)} SMS, {len(rec.call)} call, {len(rec.sna)} SNA", file=out)
        for event in otp_records.timeline(rec):
            print(f"    {zone.time(event.raw_time)}  {event.text}", file=out)
    return rec.raw


# ------------------------------------------------------------------ spreadsheets
def _load(args: argparse.Namespace) -> tuple[Any, bytes, Path]:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return read_table(data, path.name, args.sheet), data, path


def _out(value: str | None) -> Path | None:
    if value and not value.lower().endswith(".xlsx"):
        raise InvalidInputError(f"--out must end in .xlsx, not {Path(value).name!r}.")
    return Path(value) if value else None


def _run_job(
    console: Console, kind: str, rows: Any, table: Any, data: bytes, path: Path
) -> tuple[int, otp_jobs.Progress]:
    job_id = otp_jobs.create(
        console.store, kind, rows, user=console.client.user, source_name=path.name,
        source_data=data, source_sheet=table.sheet, header_row=table.header_row,
    )  # fmt: skip
    otp_job_worker.work(console.store, console.client, job_id)
    return job_id, otp_jobs.progress(console.store, job_id)


def _finish(
    args: argparse.Namespace,
    console: Console,
    out: TextIO,
    answer: dict[str, Any],
    target: Path | None,
    workbook: bytes | None,
) -> Any:
    if target is not None and workbook is not None:
        try:
            target.write_bytes(workbook)
        except OSError as exc:
            raise InvalidInputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        record_export(console, target)
    if not args.json:
        print(f"Results workbook: {target if target else 'add --out results.xlsx'}", file=out)
    if answer["failed"] or answer["unknown"]:
        raise CommandFailed(
            f"{answer['failed']} rows failed and {answer['unknown']} got no answer.", answer
        )
    return answer


def _otp_records(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    target = _out(args.out)
    table, data, path = _load(args)
    column = otp_sheets.detect_order_column(table)
    if column is None:
        raise InvalidInputError(f"No column of orderIds was found in {path.name}.")
    rows = otp_sheets.check_lookup_rows(table, column)
    job_id, p = _run_job(console, otp_jobs.LOOKUP, rows, table, data, path)
    zone = _zone(args.timezone)
    results = []
    for row in otp_jobs.rows(console.store, job_id):
        rec = otp_job_results.record_of(row)
        matched = rec.verification.matched if rec else None
        results.append(
            {"row": row["excel_row"], "orderId": row["key"], "lookup": row["state"],
             "matched": matched, "result": otp_records.matched_words(matched) if rec else "",
             "problem": row["error"] or row["problem"] or ""}
        )  # fmt: skip
    answer = {"looked_up": p.done, "failed": p.failed, "unknown": p.unknown,
              "skipped": p.skipped, "rows": results}  # fmt: skip
    if not args.json:
        print(f"Looked up {p.done:,} orderIds from column {column!r} of {path.name}; "
              f"{p.failed:,} failed, {p.skipped:,} skipped.", file=out)  # fmt: skip
        for r in results:
            print(f"  row {r['row']}: {r['orderId']}  {r['result'] or r['problem']}", file=out)
    book = otp_job_results.lookup_workbook(console.store, job_id, zone) if target else None
    return _finish(args, console, out, answer, target, book)


def _backfill(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    if args.file:
        if args.msgid or args.number or args.time:
            args.parser.error("backfill: give --file, or --msgid and --number, not both")
        return _backfill_file(args, console, out)
    if not (args.msgid and args.number):
        args.parser.error("backfill: give --msgid and --number (or --file)")
    zone = _zone(args.timezone)
    try:
        time_ms = to_epoch_ms(args.time, zone.tz) if args.time else now_ms()
    except TimeParseError as exc:
        raise InvalidInputError(exc.message, message_zh=exc.message_zh) from None
    attempt = conversions.report_once(
        console.store, console.client, conversions.check_msgid(args.msgid),
        conversions.check_number(args.number, args.country), time_ms,
        user=console.client.user, source="cli",
    )  # fmt: skip
    kind, sentence = conversions.describe(attempt)
    if kind in ("error", "warning"):
        raise ItnioError(sentence, message_zh=attempt.conversion.error_zh)
    if not args.json:
        print(sentence, file=out)
    c = attempt.conversion
    return {"status": "0", "reason": "success", "msgid": c.msgid, "state": c.state,
            "already": not attempt.fresh, "time": str(c.time_ms)}  # fmt: skip


def _backfill_file(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    target = _out(args.out)
    table, data, path = _load(args)
    msgid_col, number_col, time_col = otp_sheets.detect_backfill_columns(table)
    if not (msgid_col and number_col and time_col):
        raise InvalidInputError(
            f"{path.name} needs a msgid, a number and a time column; found "
            f"msgid={msgid_col!r}, number={number_col!r}, time={time_col!r}."
        )
    rows = otp_sheets.check_backfill_rows(
        table, console.store, msgid_column=msgid_col, number_column=number_col,
        time_column=time_col, default_tz=_zone(args.timezone).tz, country=args.country,
    )  # fmt: skip
    counts = otp_sheets.counts(rows)
    if not args.json:
        print("Checked: " + "   ".join(f"{k}: {v:,}" for k, v in counts.items()), file=out)
        for p in otp_sheets.problem_table(rows).head(20).itertuples(index=False):
            print(f"  row {p.Row}: {p.Problem}", file=out)
    job_id, progress = _run_job(console, otp_jobs.BACKFILL, rows, table, data, path)
    answer = {"checked": counts, "reported": progress.done, "failed": progress.failed,
              "unknown": progress.unknown, "skipped": progress.skipped}  # fmt: skip
    if not args.json:
        print(
            f"Reported {progress.done:,}; failed {progress.failed:,}; "
            f"no answer {progress.unknown:,}; not sent {progress.skipped:,}.",
            file=out,
        )
    book = otp_job_results.backfill_workbook(console.store, job_id) if target else None
    return _finish(args, console, out, answer, target, book)
