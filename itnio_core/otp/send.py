"""OTP sending: secure codes, unique order ids, the form's checks and the one send.

``send_once`` claims the orderId in the store before calling the API (see
``otp_store``), so the same form submitted twice sends one code. A send whose
answer never came is recorded as unknown and is never repeated here.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Final

from ..api import CHANNELS, ItnioClient
from ..common import (
    CODE_MAX_DIGITS,
    CODE_MIN_DIGITS,
    ORDER_ID_MAX_CHARS,
    ApiStatusError,
    InvalidInputError,
    ItnioError,
    TransportError,
    limits,
    mask_number,
)
from ..phones import OK, normalise
from ..store import Store
from . import store as otp_store

log = logging.getLogger(__name__)

_ORDER_ID: Final = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII, no spaces

# One line per channel, for the form and the CLI help.
CHANNEL_HELP: Final = {
    "sms": "A text message with the code. Works on every mobile phone.",
    "call": "A voice call that reads the code aloud. For landlines, or when texts do not arrive.",
    "sna": "Silent network check: the phone opens a link over mobile data and is verified "
    "without typing a code. Needs mobile data, not Wi-Fi.",
}
CHANNEL_LABELS: Final = {"sms": "SMS", "call": "Voice call", "sna": "Silent network (SNA)"}


def generate_code(length: int = 6) -> str:
    """A uniformly random numeric code from the OS's secure generator."""
    if not CODE_MIN_DIGITS <= length <= CODE_MAX_DIGITS:
        raise InvalidInputError(
            f"Code length must be between {CODE_MIN_DIGITS} and {CODE_MAX_DIGITS} digits.",
            field="code",
            message_zh=f"验证码长度须在 {CODE_MIN_DIGITS} 到 {CODE_MAX_DIGITS} 位之间。",
        )
    return "".join(secrets.choice("0123456789") for _ in range(length))


def new_order_id(prefix: str = "otp") -> str:
    """Globally unique enough for the platform: time plus 64 random bits."""
    return f"{prefix}-{int(time.time() * 1000)}-{secrets.token_hex(8)}"


@dataclass(frozen=True)
class OtpRequest:
    """A checked send: every value as the API wants it."""

    to: str
    calling_code: int | None
    channel: str
    template_id: int
    code: str
    flow_id: int | None
    order_id: str


def _whole_number(value: object, what: str, what_zh: str, field: str) -> int:
    """A platform Integer (templateId, flowId): digits only, at most 2,147,483,647."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInputError(
            f"The {what} must be a whole number, like 1.",
            field=field,
            message_zh=f"{what_zh}必须是整数,例如 1。",
        )
    digits = text.lstrip("0") or "0"
    limits.check_length(digits, what, what_zh, field, limits.TEMPLATE_ID_MAX_DIGITS, "digits")
    if int(digits) > limits.JAVA_INT_MAX:
        raise InvalidInputError(
            f"The {what} is {int(digits):,}; the largest the platform takes is "
            f"{limits.JAVA_INT_MAX:,}. Copy it again from the ITNIO platform.",
            field=field,
            message_zh=f"{what_zh}为 {int(digits):,}，平台允许的最大值为 {limits.JAVA_INT_MAX:,}。"
            "请核对。",
        )
    return int(digits)


def check_code(code: str) -> str:
    """4 to 10 digits; the message says which rule the code breaks and its length."""
    text = str(code).strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInputError(
            f"The code must be {CODE_MIN_DIGITS} to {CODE_MAX_DIGITS} digits, and nothing else "
            "(no letters, spaces or signs).",
            field="code",
            message_zh=f"验证码必须是 {CODE_MIN_DIGITS} 到 {CODE_MAX_DIGITS} 位数字，"
            "不能有字母、空格或符号。",
        )
    if not CODE_MIN_DIGITS <= len(text) <= CODE_MAX_DIGITS:
        raise InvalidInputError(
            f"The code is {len(text)} digits long; it must be {CODE_MIN_DIGITS} to "
            f"{CODE_MAX_DIGITS} digits.",
            field="code",
            message_zh=f"验证码长度为 {len(text)} 位，必须是 {CODE_MIN_DIGITS} 到 "
            f"{CODE_MAX_DIGITS} 位数字。",
        )
    return text


def check_order_id(order_id: str) -> str:
    text = str(order_id).strip()
    if len(text) > ORDER_ID_MAX_CHARS:
        raise limits.too_long(
            "orderId",
            "流水号",
            "orderId",
            len(text),
            ORDER_ID_MAX_CHARS,
            advice=f" An orderId is 1 to {ORDER_ID_MAX_CHARS} letters, digits or signs, "
            "without spaces.",
            advice_zh=f"流水号须为 1 到 {ORDER_ID_MAX_CHARS} 个字母、数字或符号,不能有空格。",
        )
    if not _ORDER_ID.match(text):
        raise InvalidInputError(
            f"The orderId must be 1 to {ORDER_ID_MAX_CHARS} letters, digits or signs, without "
            "spaces. Use “New orderId” to get one.",
            field="orderId",
            message_zh=f"流水号须为 1 到 {ORDER_ID_MAX_CHARS} 个字母、数字或符号,不能有空格。",
        )
    return text


def check_request(
    *,
    to: str,
    country: str | None,
    channel: str,
    template_id: object,
    code: str,
    flow_id: object,
    order_id: str,
) -> OtpRequest:
    """The form's values, checked; the first problem raises ``InvalidInputError``."""
    number = normalise(to, country)
    if number.status != OK:
        raise InvalidInputError(
            f"The number cannot be used: {number.reason}",
            field="to",
            message_zh=f"号码无法使用:{number.reason_zh or number.reason}",
        )
    if channel not in CHANNELS:
        raise InvalidInputError(
            "Choose a channel: sms, call or sna.", field="channel", message_zh="请选择通道。"
        )
    flow = str(flow_id).strip() if flow_id is not None else ""
    return OtpRequest(
        to=number.number,
        calling_code=number.calling_code,
        channel=channel,
        template_id=_whole_number(template_id, "template id", "模板 ID", "templateId"),
        code=check_code(code),
        flow_id=_whole_number(flow, "flow id", "流程 ID", "flowId") if flow else None,
        order_id=check_order_id(order_id),
    )


@dataclass(frozen=True)
class SendAttempt:
    send: otp_store.OtpSend
    fresh: bool  # False: this orderId was already sent (a double click); nothing was sent now


UNKNOWN_EN: Final = (
    "No answer came from the platform, so nobody can tell whether the code was sent. "
    "It will not be sent again automatically: look it up by its orderId before sending another."
)
UNKNOWN_ZH: Final = "未收到平台响应,无法确定验证码是否已发送。系统不会自动重发:请先按流水号查询。"


def send_once(
    store: Store,
    client: ItnioClient,
    request: OtpRequest,
    *,
    user: str | None,
    source: str = "app",
) -> SendAttempt:
    """Claim the orderId, then make the one call; the row says what happened."""
    claimed = otp_store.claim(
        store,
        order_id=request.order_id,
        number=request.to,
        calling_code=request.calling_code,
        channel=request.channel,
        template_id=request.template_id,
        flow_id=request.flow_id,
        code_length=len(request.code),
        user=user,
        source=source,
    )
    if not claimed.fresh:
        log.info("orderId %s already claimed; not sending again", request.order_id)
        return SendAttempt(claimed.send, fresh=False)
    _call_and_record(store, client, request, claimed.send.id)
    send = otp_store.get(store, claimed.send.id)
    assert send is not None
    return SendAttempt(send, fresh=True)


def _call_and_record(store: Store, client: ItnioClient, request: OtpRequest, send_id: int) -> None:
    """The one API call; its outcome (sent, failed or unknown) goes on the claimed row."""
    try:
        result = client.send_otp(
            request.to,
            template_id=request.template_id,
            code=request.code,
            channel=request.channel,
            flow_id=request.flow_id,
            order_id=request.order_id,
        )
    except ApiStatusError as exc:
        otp_store.record_failed(store, send_id, exc, exc.status)
    except TransportError as exc:
        if exc.may_have_reached_server:
            otp_store.record_unknown(
                store, send_id, f"{exc.user_message} {UNKNOWN_EN}", f"{exc.message_zh} {UNKNOWN_ZH}"
            )
        else:
            otp_store.record_failed(store, send_id, exc, None)
    except ItnioError as exc:
        otp_store.record_failed(store, send_id, exc, None)
    except BaseException:
        log.exception("OTP send to %s ended unexpectedly", mask_number(request.to))
        otp_store.record_unknown(store, send_id, UNKNOWN_EN, UNKNOWN_ZH)
        raise
    else:
        otp_store.record_sent(store, send_id, result)
