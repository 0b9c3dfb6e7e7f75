"""Where every recipient of a campaign stands: accepted, unknown and why, refused and with
which code, or not sent yet. Counted from the stored requests, so a stopped campaign says
exactly what happened to all of its recipients, however many requests failed at once.

    standing = count(store, campaign_id)
    standing.lines("en")   # ["8,000 accepted by the platform.", "3,000 unknown: ...", ...]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..common import CONNECTION_BROKEN, HTTP_ERROR, NO_ANSWER, UNREADABLE
from ..store import Store, send_requests

INTERRUPTED = "interrupted"  # a crash or a restart left the request in flight
REFUSED = "refused"  # the platform answered with a status code

# Why a request has no known outcome, in words (count, then the reason).
UNKNOWN_WHY: dict[str, tuple[str, str]] = {
    NO_ANSWER: ("no answer came in time", "在规定时间内没有收到响应"),
    CONNECTION_BROKEN: ("the connection broke before the answer", "收到响应前连接中断"),
    UNREADABLE: ("the answer could not be read", "无法读取平台的响应"),
    HTTP_ERROR: ("an error answer (HTTP {http})", "平台返回错误（HTTP {http}）"),
    INTERRUPTED: ("the console stopped while it was sending", "发送过程中控制台停止运行"),
}


@dataclass(frozen=True)
class Standing:
    accepted: int = 0
    refused_numbers: int = 0  # refused one by one inside accepted requests
    unknown: Counter[tuple[str, int | None]] = field(default_factory=Counter)  # (why, http)
    refused: Counter[tuple[int | None, int | None]] = field(default_factory=Counter)  # code
    not_sent: int = 0
    cancelled: int = 0
    held: int = 0  # waiting for their quiet hours to end; the worker sends them then

    @property
    def total(self) -> int:
        return (
            self.accepted + self.refused_numbers + sum(self.unknown.values())
            + sum(self.refused.values()) + self.not_sent + self.cancelled + self.held
        )  # fmt: skip

    def lines(self, lang: str = "en") -> list[str]:
        """One sentence per state that has recipients, in the person's language."""
        zh = lang.startswith("zh")
        out = []
        if self.accepted:
            out.append(
                f"{_n(self.accepted)} "
                + ("位已被平台接受。" if zh else "accepted by the platform.")
            )
        if self.refused_numbers:
            out.append(
                f"{_n(self.refused_numbers)} 个号码被平台逐个拒绝（见结果表）。" if zh else
                f"{_n(self.refused_numbers)} refused one by one by the platform (see the results "
                "workbook)."
            )  # fmt: skip
        if self.unknown:
            whys = "; ".join(_why(why, http, n, zh) for (why, http), n in self.unknown.items())
            total = _n(sum(self.unknown.values()))
            out.append(
                f"{total} 位结果未知（{whys}）：无法确定短信是否已发出，系统不会自动重发。"
                if zh else
                f"{total} unknown ({whys}): nobody can tell whether their messages were sent, so "
                "they will not be sent again automatically."
            )  # fmt: skip
        for (code, http), refused in self.refused.items():
            if zh:
                what = f"状态码 {code}" if code is not None else f"HTTP {http}"
                out.append(f"{_n(refused)} 位被平台拒绝（{what}），未发送。")
            else:
                what = f"status {code}" if code is not None else f"HTTP {http}"
                out.append(f"{_n(refused)} refused by the platform ({what}), so not sent.")
        if self.not_sent:
            out.append(f"{_n(self.not_sent)} " + ("位尚未发送。" if zh else "not sent yet."))
        if self.held:
            out.append(
                f"{_n(self.held)} "
                + ("位因免打扰时段暂缓，时段开始时发送。" if zh else
                   "held by quiet hours, sent when their window opens.")
            )  # fmt: skip
        if self.cancelled:
            out.append(f"{_n(self.cancelled)} " + ("位已取消，不会发送。" if zh else "cancelled."))
        return out


def count(store: Store, campaign_id: int) -> Standing:
    """Every recipient of the campaign by where its request stands."""
    r = send_requests.c
    q = (
        sa.select(
            r.state, r.outcome, r.status_code, r.http_status,
            sa.func.sum(r.numbers), sa.func.sum(r.success), sa.func.sum(r.fail),
        )
        .where(r.campaign_id == campaign_id)
        .group_by(r.state, r.outcome, r.status_code, r.http_status)
    )  # fmt: skip
    accepted = refused_numbers = not_sent = cancelled = held = 0
    unknown: Counter[tuple[str, int | None]] = Counter()
    refused: Counter[tuple[int | None, int | None]] = Counter()
    with store.engine.connect() as conn:
        for state, outcome, code, http, numbers, success, fail in conn.execute(q):
            numbers, success, fail = int(numbers or 0), int(success or 0), int(fail or 0)
            if state == "done":
                accepted += success
                refused_numbers += fail
            elif state == "unknown":
                unknown[(outcome or INTERRUPTED, http)] += numbers
            elif state == "cancelled":
                cancelled += numbers
            elif state == "held":
                held += numbers
            elif outcome == REFUSED:  # back to pending: nothing in it was sent
                refused[(code, http)] += numbers
            else:  # pending (perhaps after NOT_CONNECTED) or in flight right now
                not_sent += numbers
    return Standing(accepted, refused_numbers, unknown, refused, not_sent, cancelled, held)


def _why(why: str, http: int | None, n: int, zh: bool) -> str:
    """ "2,000: no answer came in time" (in Chinese: "2,000 位：在规定时间内没有收到响应")."""
    en, chinese = UNKNOWN_WHY.get(why, (why, why))
    text = (chinese if zh else en).format(http=http or "?")
    return f"{_n(n)} 位：{text}" if zh else f"{_n(n)}: {text}"


def _n(value: int) -> str:
    return f"{value:,}"
