"""What a delivery status means: its key, its words in English and Chinese, its colour."""

from __future__ import annotations

from typing import Final, Literal

from ..api import (
    DELIVERED,
    FAILED,
    SENDING,
)

# ------------------------------------------------------------------ status words
DELIVERED_KEY, FAILED_KEY, SENDING_KEY = "delivered", "failed", "sending"
NOT_FOUND_KEY, UNCHECKED_KEY = "not_found", "unchecked"
STATUS_KEYS: Final = (DELIVERED_KEY, FAILED_KEY, SENDING_KEY, NOT_FOUND_KEY, UNCHECKED_KEY)
PENDING_KEYS: Final = (SENDING_KEY, NOT_FOUND_KEY, UNCHECKED_KEY)  # asked about again
CODE_TO_KEY: Final = {DELIVERED: DELIVERED_KEY, FAILED: FAILED_KEY, SENDING: SENDING_KEY}

Lang = Literal["en", "zh"]
WORDS: Final[dict[str, tuple[str, str]]] = {
    DELIVERED_KEY: ("Delivered", "已送达"),
    FAILED_KEY: ("Failed", "发送失败"),
    SENDING_KEY: ("Still sending", "发送中"),
    NOT_FOUND_KEY: ("Not found yet", "暂未查到"),
    UNCHECKED_KEY: ("Not checked yet", "尚未查询"),
}
MEANINGS: Final[dict[str, tuple[str, str]]] = {
    DELIVERED_KEY: (
        "The phone network says the message reached the phone.",
        "运营商确认短信已送达手机。",
    ),
    FAILED_KEY: (
        "The message could not be delivered (number off, unreachable or not in service). "
        "It will not be retried by itself.",
        "短信未能送达(号码关机、无法接通或停机),系统不会自动重发。",
    ),
    SENDING_KEY: (
        "The platform has the message and is still waiting for the phone network's answer.",
        "平台已收到短信,正在等待运营商的回执。",
    ),
    NOT_FOUND_KEY: (
        "The platform does not know this message id yet. Just-sent messages can take a "
        "moment to appear; it is asked about again at every check.",
        "平台暂时查不到此消息 ID。刚发送的短信可能需要片刻才能查到,每次查询都会再次询问。",
    ),
    UNCHECKED_KEY: (
        "The platform has not been asked about this message yet.",
        "尚未向平台查询此短信。",
    ),
}
COLOURS: Final = {  # for charts: the same colour for a status everywhere
    DELIVERED_KEY: "#2e7d32",
    FAILED_KEY: "#c62828",
    SENDING_KEY: "#1565c0",
    NOT_FOUND_KEY: "#9e9e9e",
    UNCHECKED_KEY: "#cfd8dc",
}


def status_key(status: int | None, known: bool = True) -> str:
    """The word key of a stored status: None is "not found yet", unless never asked."""
    if not known:
        return UNCHECKED_KEY
    if status is None:
        return NOT_FOUND_KEY
    return CODE_TO_KEY.get(status, SENDING_KEY)


def word(key: str, lang: str = "en") -> str:
    en, zh = WORDS.get(key, (key, key))
    return zh if lang == "zh" else en


def meaning(key: str, lang: str = "en") -> str:
    en, zh = MEANINGS.get(key, ("", ""))
    return zh if lang == "zh" else en
