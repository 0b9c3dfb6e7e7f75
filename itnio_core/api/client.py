"""The one client for every documented ITNIO endpoint.

Transport rules live in ``_call``: every request is freshly signed, always
has a timeout, and is retried only when it is safe (see ``_may_retry``).
A send whose outcome is unknown raises ``TransportError`` with
``may_have_reached_server=True`` and is never repeated here.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlencode

import requests

from ..common import (
    MSGIDS_PER_REPORT_MAX,
    NUMBERS_PER_REQUEST_MAX,
    InvalidInputError,
    ItnioError,
    Settings,
    TransportError,
    check_content,
    check_sender_id,
    chunked,
    mask_number,
)
from . import status_codes as sc
from .calls import CallRecord, CallRecorder
from .models import CHANNELS, Balance, BatchItem, OtpRecord, OtpSendResult, Report, SendResult
from .signing import signed_headers
from .transport import new_session, parse_answer, transport_error

log = logging.getLogger(__name__)

READ_RETRIES = 2  # extra attempts for reads; sends get none once they may have arrived


class SendAnswer(NamedTuple):
    """One send request's answer: how many numbers it accepted (entries in its ``array``),
    the answer's JSON text as the platform wrote it, every msgId in it, and the call's
    record when the caller asked to store it itself."""

    accepted: int
    text: str
    record: CallRecord | None = None


def plan_requests(
    items: Iterable[BatchItem], limit: int = NUMBERS_PER_REQUEST_MAX
) -> list[list[BatchItem]]:
    """Pack items into requests of at most ``limit`` numbers, splitting big items.

    Order is kept and each orderId stays with its number.
    """
    requests_: list[list[BatchItem]] = []
    current: list[BatchItem] = []
    room = limit
    for item in items:
        _check_item(item)
        start = 0
        while start < len(item.numbers):
            take = min(room, len(item.numbers) - start)
            end = start + take
            orders = item.order_ids[start:end] if item.order_ids is not None else None
            current.append(BatchItem(item.numbers[start:end], item.content, item.sender_id, orders))
            room -= take
            start = end
            if room == 0:
                requests_.append(current)
                current, room = [], limit
    if current:
        requests_.append(current)
    return requests_


def _check_item(item: BatchItem) -> None:
    if not item.numbers:
        raise InvalidInputError(
            "A message has no phone numbers.",
            field="numbers",
            message_zh="有一条短信没有手机号码。",
        )
    if not item.content.strip():
        raise InvalidInputError(
            "The message text is empty.", field="content", message_zh="短信内容为空。"
        )
    check_content(item.content)
    check_sender_id(item.sender_id)
    if item.order_ids is not None and len(item.order_ids) != len(item.numbers):
        raise InvalidInputError(
            f"{len(item.numbers)} numbers but {len(item.order_ids)} order ids; "
            "each number needs exactly one.",
            field="orderId",
            message_zh="订单号数量与号码数量不一致,每个号码需要一个订单号。",
        )


class ItnioClient:
    """Signed calls to the ITNIO API (or the sandbox, which answers the same)."""

    def __init__(
        self,
        settings: Settings,
        *,
        recorder: CallRecorder | None = None,
        user: str | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.recorder = recorder
        self.user = user
        self._sleep = sleep
        self._session = session or new_session()

    def __repr__(self) -> str:
        return f"ItnioClient(base_url={self.settings.base_url!r}, key={self.settings.masked_key!r})"

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------ endpoints
    def send_request(self, items: Sequence[BatchItem]) -> SendResult:
        """Exactly one ``POST /sms/sendSms/batch`` (at most 1000 numbers)."""
        answer, _text = self._send(items)
        return SendResult.from_json(answer)

    def send_request_answer(
        self, items: Sequence[BatchItem], *, hold_record: bool = False
    ) -> SendAnswer:
        """Like ``send_request``, but the answer is kept as the platform's own JSON text.

        For the background sender, which stores that text whole: it skips
        building a ``SentMessage`` per number (the costliest part of a send).
        With ``hold_record`` the record of a successful call is returned in
        the answer for the caller to store (with the answer, in one
        transaction) instead of being given to the recorder; a failed call
        is recorded as always.
        """
        held: list[CallRecord] = []
        answer, text = self._send(items, held if hold_record else None)
        array = answer.get("array")
        accepted = sum(type(e) is dict for e in array) if isinstance(array, list) else 0
        return SendAnswer(accepted, text, held[0] if held else None)

    def _send(
        self, items: Sequence[BatchItem], held: list[CallRecord] | None = None
    ) -> tuple[Mapping[str, Any], str]:
        total = sum(len(i.numbers) for i in items)
        if total > NUMBERS_PER_REQUEST_MAX:
            raise InvalidInputError(
                f"{total} numbers in one request; the platform accepts at most "
                f"{NUMBERS_PER_REQUEST_MAX}.",
                field="numbers",
            )
        for item in items:
            _check_item(item)
        body = {"appId": self._app("sms"), "array": [i.to_json() for i in items]}
        summary = {
            "numbers": total,
            "messages": len(items),
            "content_chars": [len(i.content) for i in items[:5]],
            "first_number": mask_number(items[0].numbers[0]) if items else "",
        }
        return self._call_text(
            "POST",
            "/sms/sendSms/batch",
            sc.SEND,
            body=body,
            summary=summary,
            ids=lambda a: [str(m.get("msgId", "")) for m in a.get("array") or []],
            held=held,
        )

    def send_batch(self, items: Sequence[BatchItem]) -> SendResult:
        """Send any number of messages in requests of at most 1000 numbers.

        If a later request fails, the error carries ``partial`` with what
        the earlier requests already sent, so nothing sent is lost.
        """
        result = SendResult()
        for chunk in plan_requests(items):
            try:
                result.merge(self.send_request(chunk))
            except ItnioError as exc:
                exc.partial = result
                raise
        return result

    def get_report(self, msg_ids: Sequence[str]) -> Report:
        """Delivery status, in calls of at most 200 msgIds, merged."""
        ids = [str(m).strip() for m in msg_ids if str(m).strip()]
        if not ids:
            raise InvalidInputError(
                "No message ids were given.", field="msgIds", message_zh="没有提供消息 ID。"
            )
        parts = [self.get_report_page(chunk) for chunk in chunked(ids, MSGIDS_PER_REPORT_MAX)]
        return Report.merged(parts)

    def get_report_page(self, msg_ids: Sequence[str]) -> Report:
        """Exactly one getReport call (at most 200 msgIds)."""
        return Report.from_json(self.get_report_answer(msg_ids))

    def get_report_answer(self, msg_ids: Sequence[str]) -> Mapping[str, Any]:
        """Exactly one getReport call (at most 200 msgIds): the answer's JSON, status checked.

        For callers that hand the answer on whole (a big check stores it in one SQL
        statement) rather than build a ``ReportItem`` per message. The commas between
        msgIds go as commas, which a query may hold (RFC 3986): requests would write
        each as ``%2C`` and then re-scan every escape, most of a call's own cost.
        """
        if len(msg_ids) > MSGIDS_PER_REPORT_MAX:
            raise InvalidInputError(
                f"At most {MSGIDS_PER_REPORT_MAX} message ids per call.", field="msgIds"
            )
        query = urlencode({"appId": self._app("sms"), "msgIds": ",".join(msg_ids)}, safe=",")
        return self._call(
            "GET", "/sms/getReport", sc.REPORT, params=query, summary={"msgIds": len(msg_ids)}
        )

    def backfill_conversion(
        self, msgid: str, number: str, time_ms: int | str | None = None
    ) -> None:
        """Tell the platform a code was used (time in epoch milliseconds)."""
        when = str(int(time.time() * 1000) if time_ms in (None, "") else time_ms)
        if not when.isdigit():
            raise InvalidInputError("The conversion time must be epoch milliseconds.", field="time")
        body = {"appId": self._app("sms"), "msgid": str(msgid), "number": str(number), "time": when}
        self._call(
            "POST",
            "/sms/postback/backfill",
            sc.BACKFILL,
            body=body,
            summary={"msgid": str(msgid), "number": mask_number(str(number)), "time": when},
        )

    def send_otp(
        self,
        to: str,
        *,
        template_id: int,
        code: str,
        channel: str = "sms",
        flow_id: int | None = None,
        order_id: str | None = None,
    ) -> OtpSendResult:
        if channel not in CHANNELS:
            raise InvalidInputError(
                f"Channel must be one of {', '.join(CHANNELS)}.", field="channel"
            )
        body = {
            "appId": self._app("otp"),
            "templateId": int(template_id),
            "code": str(code),
            "flowId": flow_id,
            "to": str(to),
            "channel": channel,
            "orderId": order_id,
        }
        answer = self._call(
            "POST",
            "/otp/verification/sendRule",
            sc.OTP_SEND,
            body=body,
            summary={
                "to": mask_number(str(to)),
                "channel": channel,
                "templateId": int(template_id),
                "orderId": order_id,
                "flowId": flow_id,
            },
            ids=lambda a: [str((a.get("data") or {}).get("verificationId", ""))],
        )
        return OtpSendResult.from_json(answer)

    def get_otp_record(self, order_id: str) -> OtpRecord:
        if not str(order_id).strip():
            raise InvalidInputError(
                "Enter an order id.", field="orderId", message_zh="请输入流水号。"
            )
        body = {"appId": self._app("otp"), "orderId": str(order_id).strip()}
        answer = self._call(
            "POST",
            "/otp/verification/orderId/record",
            sc.OTP_RECORD,
            body=body,
            summary={"orderId": body["orderId"]},
            read=True,
        )
        return OtpRecord.from_json(answer)

    def get_balance(self) -> Balance:
        return Balance.from_json(self._call("GET", "/sms/getBalance", sc.BALANCE, summary={}))

    # ------------------------------------------------------------ transport
    def _app(self, product: str) -> str:
        app = self.settings.sms_app_id if product == "sms" else self.settings.otp_app_id
        if not app:
            name = "SMS" if product == "sms" else "OTP"
            raise InvalidInputError(
                f"No {name} app id is configured. Add ITNIO_{name}_APP_ID in Settings.",
                field=f"{product}_app_id",
                message_zh=f"未配置 {name} 应用 ID,请在设置中添加。",
            )
        return app

    def _call(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str] | str | None = None,  # a str: an encoded query
        body: Any = None,
        summary: dict[str, Any],
        ids: Callable[[Mapping[str, Any]], list[str]] | None = None,
        read: bool | None = None,
    ) -> Mapping[str, Any]:
        return self._call_text(
            method, path, endpoint, params=params, body=body, summary=summary, ids=ids, read=read
        )[0]

    def _call_text(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str] | str | None = None,  # a str: an encoded query
        body: Any = None,
        summary: dict[str, Any],
        ids: Callable[[Mapping[str, Any]], list[str]] | None = None,
        read: bool | None = None,
        held: list[CallRecord] | None = None,
    ) -> tuple[Mapping[str, Any], str]:
        """One call; returns the decoded answer and its JSON text as received.

        The call's record goes to the recorder, or into ``held`` if given and
        the call succeeded.
        """
        is_read = method == "GET" if read is None else read
        record = CallRecord(endpoint, method, path, summary, user=self.user)
        started = time.perf_counter()
        try:
            answer, text = self._exchange(method, path, endpoint, params, body, is_read, record)
            record.status, record.reason = 0, str(answer.get("reason", ""))
            if ids is not None:
                record.ids = [i for i in ids(answer) if i]
            return answer, text
        except ItnioError as exc:
            record.error = exc.user_message
            status = getattr(exc, "status", None)
            record.status = status if isinstance(status, int) else None
            record.reason = str(getattr(exc, "reason", ""))
            raise
        finally:
            record.duration_ms = (time.perf_counter() - started) * 1000
            if held is not None and record.status == 0:
                held.append(record)
            else:
                self._record(record)

    def _exchange(
        self,
        method: str,
        path: str,
        endpoint: str,
        params: Mapping[str, str] | str | None,
        body: Any,
        is_read: bool,
        record: CallRecord,
    ) -> tuple[Mapping[str, Any], str]:
        url = self.settings.base_url + path
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        attempt = 0
        while True:
            headers = signed_headers(self.settings.api_key, self.settings.api_secret)
            try:
                resp = self._session.request(
                    method, url, params=params, data=data, headers=headers, timeout=timeout
                )
            except requests.RequestException as exc:
                error = transport_error(exc, is_read)
                if self._may_retry(error, attempt, is_read):
                    attempt += 1
                    continue
                raise error from None
            record.http_status = resp.status_code
            try:
                return parse_answer(resp, endpoint, is_read)
            except TransportError as error:
                if self._may_retry(error, attempt, is_read):
                    attempt += 1
                    continue
                raise

    def _may_retry(self, error: TransportError, attempt: int, is_read: bool) -> bool:
        """The one retry policy: reads a few times; writes only if never delivered."""
        if attempt >= READ_RETRIES:
            return False
        if is_read or not error.may_have_reached_server:
            self._sleep(0.2 * (2**attempt))
            log.info("retrying after: %s", error.user_message)
            return True
        return False

    def _record(self, record: CallRecord) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder.record_call(record)
        except Exception:  # recording must never turn a made call into a failure
            log.exception("could not record an API call")
