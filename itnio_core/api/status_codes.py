"""Every documented ``status`` code, per endpoint, in plain English and Chinese.

The same number means different things on different endpoints (-19 is
"bind a channel" on send but "confirm pricing" on getReport), so the table
is keyed by endpoint first. ``explain`` never fails: unknown codes still get
a readable sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..common import ApiStatusError, AuthError, RequestRejected

SEND: Final = "send"
REPORT: Final = "report"
BACKFILL: Final = "backfill"
OTP_SEND: Final = "otp_send"
OTP_RECORD: Final = "otp_record"
BALANCE: Final = "balance"
ENDPOINTS: Final = (SEND, REPORT, BACKFILL, OTP_SEND, OTP_RECORD, BALANCE)

# Each endpoint in words, (English, Chinese), for logs and history pages.
ENDPOINT_LABELS: Final[dict[str, tuple[str, str]]] = {
    SEND: ("Send SMS", "发送短信"),
    REPORT: ("Delivery report", "发送报告"),
    BACKFILL: ("Report a conversion", "回填转化"),
    OTP_SEND: ("Send OTP", "发送验证码"),
    OTP_RECORD: ("Look up an OTP", "查询验证码记录"),
    BALANCE: ("Check balance", "查询余额"),
}


@dataclass(frozen=True)
class StatusInfo:
    code: int
    en: str
    zh: str
    error: type[ApiStatusError]


def _i(code: int, en: str, zh: str, error: type[ApiStatusError] = RequestRejected) -> StatusInfo:
    return StatusInfo(code, en, zh, error)


_AUTH = _i(
    -1,
    "The platform did not accept the API key or secret. Check both in Settings "
    "(copy them again from the ITNIO console) and try again.",
    "平台不接受 API 密钥或密码。请在设置中检查两者(从 ITNIO 后台重新复制)后重试。",
    AuthError,
)
_IP = _i(
    -2,
    "This computer's internet address is not on the account's allow-list. Ask your "
    "ITNIO account manager to add it, or send from an allowed network.",
    "本机的 IP 地址不在账户白名单中。请联系 ITNIO 客户经理添加,或在允许的网络中发送。",
    AuthError,
)
_CLOCK = _i(
    -16,
    "The computer's clock is off by more than the allowed window, so the request "
    "was refused. Fix the system date and time (turn on automatic time) and try again.",
    "本机时钟与平台相差超出允许范围,请求被拒绝。请校正系统日期和时间(开启自动对时)后重试。",
    AuthError,
)
_SYSTEM = _i(
    -18,
    "The platform had an internal problem. Nothing needs changing on your side; "
    "wait a few minutes and try again. If it persists, contact ITNIO support.",
    "平台内部异常。您无需修改任何内容,请稍候几分钟再试;如持续出现,请联系 ITNIO 客服。",
)
_BALANCE = _i(
    -10,
    "The account balance is too low for this send. Top up the account (or send "
    "to fewer recipients) and try again.",
    "账户余额不足,无法完成本次发送。请充值(或减少接收人数)后重试。",
)
_COMMON = {s.code: s for s in (_AUTH, _IP, _CLOCK, _SYSTEM)}

_TABLE: Final[dict[str, dict[int, StatusInfo]]] = {
    SEND: {
        **_COMMON,
        -3: _i(
            -3,
            "The message contains words the platform does not allow. Reword the "
            "message (avoid sensitive or prohibited terms) and try again.",
            "短信内容含有敏感词,平台不允许发送。请修改措辞后重试。",
        ),
        -4: _i(
            -4,
            "The message is empty. Write the text to send.",
            "短信内容为空。请填写要发送的内容。",
        ),
        -5: _i(
            -5,
            "The message is too long: the limit is 1024 characters. Shorten it.",
            "短信内容过长:上限为 1024 个字符。请缩短内容。",
        ),
        -6: _i(
            -6,
            "This account may only send approved templates, and this text does "
            "not match one. Use an approved template or ask ITNIO to approve it.",
            "该账户只能发送已报备的模板,本内容不匹配任何模板。请使用已报备模板或联系 ITNIO 报备。",
        ),
        -7: _i(
            -7,
            "Too many numbers in one request (the limit is 1000). Split the list "
            "into smaller parts.",
            "单次请求号码过多(上限 1000 个)。请将名单拆分后发送。",
        ),
        -8: _i(
            -8,
            "No phone numbers were given. Add at least one recipient.",
            "没有提供手机号码。请至少添加一个接收人。",
        ),
        -9: _i(
            -9,
            "The phone numbers are not valid. Write them as country code plus "
            "number, digits only (for example 919876543210).",
            "号码格式异常。请使用“国家码+号码”的纯数字格式(例如 919876543210)。",
        ),
        -10: _BALANCE,
        -19: _i(
            -19,
            "No sending channel is bound to this account for these numbers. "
            "Ask your ITNIO account manager to bind a channel.",
            "该账户尚未为这些号码绑定通道。请联系 ITNIO 客户经理绑定通道。",
        ),
    },
    REPORT: {
        **_COMMON,
        -11: _i(
            -11,
            "The platform did not understand a date or time in the request. "
            "Check the dates you entered and try again.",
            "请求中的时间格式不正确。请检查输入的日期时间后重试。",
        ),
        -14: _i(
            -14,
            "No message ids were given, or one is malformed (or more than 200 "
            "were asked at once). Check the message ids and try again.",
            "消息 ID 为空或格式异常(或一次查询超过 200 个)。请检查消息 ID 后重试。",
        ),
        -19: _i(
            -19,
            "Pricing for these messages is not set up. Confirm SMS pricing with "
            "your ITNIO business contact.",
            "这些短信的价格尚未配置。请与 ITNIO 商务确认短信价格。",
        ),
    },
    BACKFILL: {
        **_COMMON,
        # Not in the backfill document; the platform's usual parameter error.
        -22: _i(
            -22,
            "The conversion details are missing or do not match a message sent "
            "from this account (message id, number or time). Check them and try again.",
            "回填参数有误或与本账户发送的消息不符(消息 ID、号码或时间)。请检查后重试。",
        ),
    },
    OTP_SEND: {
        **_COMMON,
        -10: _BALANCE,
        -22: _i(
            -22,
            "Some details of the verification are missing or wrong (app, "
            "template id, number, channel or order id). Check the form and try again.",
            "验证请求参数有误(应用、模板 ID、号码、通道或流水号)。请检查后重试。",
        ),
        -26: _i(
            -26,
            "The platform has no price for this destination. Check the number's "
            "country, or ask ITNIO to enable it.",
            "平台无法获取该目的地的费率。请检查号码所属国家,或联系 ITNIO 开通。",
        ),
        -27: _i(
            -27,
            "The account has reached its total sending limit. Ask your ITNIO "
            "account manager to raise it.",
            "账户已达到总发送上限。请联系 ITNIO 客户经理提高上限。",
        ),
        -28: _i(
            -28,
            "This number has received too many codes in a short time. Wait a "
            "while before sending it another code.",
            "该号码在一段时间内接收的验证码已达上限。请稍后再发送。",
        ),
        -29: _i(
            -29,
            "The message contains words the platform does not allow. Change the "
            "template text and try again.",
            "短信内容包含敏感字符。请修改模板内容后重试。",
        ),
    },
    OTP_RECORD: {
        **_COMMON,
        -22: _i(
            -22,
            "The order id is missing or not valid. Check it and try again.",
            "流水号为空或无效。请检查后重试。",
        ),
    },
    BALANCE: dict(_COMMON),
}


def documented(endpoint: str) -> dict[int, StatusInfo]:
    """The codes documented for one endpoint (a copy: safe to iterate)."""
    return dict(_TABLE[endpoint])


def explain(endpoint: str, code: int, reason: str = "") -> StatusInfo:
    """The plain-words meaning of ``code`` on ``endpoint``; never raises."""
    info = _TABLE.get(endpoint, {}).get(code) or _COMMON.get(code)
    if info is not None:
        return info
    detail = f" (platform said: {reason})" if reason else ""
    detail_zh = f"(平台说明:{reason})" if reason else ""
    return _i(
        code,
        f"The platform refused the request with code {code}{detail}. "
        "Nothing was changed; contact ITNIO support with this code.",
        f"平台以状态码 {code} 拒绝了请求{detail_zh}。请将此状态码告知 ITNIO 客服。",
    )


def error_for(endpoint: str, code: int, reason: str = "", raw: object = None) -> ApiStatusError:
    """The exception to raise for a non-zero status."""
    info = explain(endpoint, code, reason)
    return info.error(
        info.en, message_zh=info.zh, status=code, endpoint=endpoint, reason=reason, raw=raw
    )
