"""Why a campaign has as many parts as it has, in words a person can act on.

Counted from the personalised messages (the plan's), so a placeholder's name such as
``{客户姓名}`` is never counted, only what it is filled with. The explanation gives the
distribution ("1,650 messages of 1 part, 148 of 2 parts"), names the characters that force
UCS-2 (a message in Chinese is summed up as "Chinese text: up to 70 characters per part",
not listed character by character) and the GSM-7 characters that count double (€ ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..api import sms_parts
from ..campaigns import CampaignPlan, personalise

SAMPLE_MESSAGES = 2000  # distinct messages looked at for the characters (enough to name them)
SHOW_CHARACTERS = 12
# Han ideographs, CJK punctuation, full-width forms: "Chinese text", not a list of characters.
_CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class PartsExplained:
    distribution: list[tuple[int, int]]  # (parts per message, messages), fewest parts first
    ucs2_messages: int
    gsm_messages: int
    forcing: tuple[str, ...]  # characters (not Chinese) that made messages UCS-2
    chinese: bool  # some messages are UCS-2 because they are written in Chinese
    double: tuple[str, ...]  # GSM-7 characters that count as two (€ [ ] { } ...)

    def lines(self, lang: str = "en") -> list[str]:
        """The explanation as short sentences, English or Chinese."""
        zh = lang.startswith("zh")
        out = [_distribution(self.distribution, zh)]
        if self.chinese:
            out.append(
                "中文短信：每段最多 70 个字符（超过 70 个字符时每段 67 个）。"
                if zh
                else "Chinese text: up to 70 characters per part (67 each when split)."
            )
        if self.forcing:
            shown = " ".join(_show(c) for c in self.forcing)
            out.append(
                f"{self.ucs2_messages:,} 条短信因含有这些字符而使用 UCS-2"
                f"（每段 70 个字符）：{shown}"
                if zh
                else f"{self.ucs2_messages:,} {_plural(self.ucs2_messages, 'message')} use "
                f"UCS-2 (70 characters per part instead of 160) because of: {shown}"
            )
        if self.double:
            shown = " ".join(_show(c) for c in self.double)
            out.append(
                f"在 GSM-7 中这些字符各算两个字符：{shown}"
                if zh
                else f"These characters count double in GSM-7: {shown}"
            )
        return out


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _show(ch: str) -> str:
    return f"`{ch}`" if ch.strip() and ch != "`" else f"U+{ord(ch):04X}"


def _distribution(pairs: list[tuple[int, int]], zh: bool) -> str:
    if zh:
        return "，".join(f"{n:,} 条短信每条 {parts} 段" for parts, n in pairs) + "。"
    words = [
        f"{n:,} {_plural(n, 'message')} of {parts} {_plural(parts, 'part')}"
        if i == 0
        else f"{n:,} of {parts} {_plural(parts, 'part')}"
        for i, (parts, n) in enumerate(pairs)
    ]
    return ", ".join(words) + "."


@dataclass(frozen=True)
class Characters:
    chinese: bool  # written (partly) in Chinese: UCS-2, summed up, not listed
    forcing: tuple[str, ...]  # other characters that force UCS-2
    double: tuple[str, ...]  # GSM-7 characters that count as two


def characters(text: str) -> Characters:
    """What in one text decides its encoding and its length."""
    odd = sms_parts.non_gsm_characters(text)
    return Characters(
        chinese=any(_CHINESE.match(ch) for ch in odd),
        forcing=tuple(ch for ch in odd if not _CHINESE.match(ch))[:SHOW_CHARACTERS],
        double=tuple(sorted(sms_parts.GSM7_EXTENSION.intersection(text))) if not odd else (),
    )


def fixed_text(content: str) -> str:
    """The message as typed without its placeholders: ``Hi {客户姓名}!`` → ``Hi !``."""
    template = personalise.parse(content, personalise.placeholder_names(content))
    return "".join(part for part in template.parts if isinstance(part, str))


def explain(messages: pd.Series, parts: pd.Series) -> PartsExplained:
    """The explanation for these messages (one per recipient) and their parts."""
    counts = parts.astype(int).value_counts().sort_index()
    texts = messages.astype(str).value_counts(sort=False)  # each distinct message once
    distinct = pd.Series(texts.index, dtype=object)
    stats = sms_parts.count_many(distinct)
    is_ucs2 = (stats["encoding"] == sms_parts.UCS2).to_numpy()
    forcing: dict[str, None] = {}
    chinese = False
    for text in distinct[is_ucs2].head(SAMPLE_MESSAGES):
        for ch in sms_parts.non_gsm_characters(text):
            if _CHINESE.match(ch):
                chinese = True
            else:
                forcing.setdefault(ch, None)
    double: dict[str, None] = {}
    for text in distinct[~is_ucs2].head(SAMPLE_MESSAGES):
        for ch in sms_parts.GSM7_EXTENSION.intersection(text):
            double.setdefault(ch, None)
    n_ucs2 = int(texts.to_numpy()[is_ucs2].sum())
    return PartsExplained(
        distribution=[(int(p), int(n)) for p, n in counts.items()],
        ucs2_messages=n_ucs2,
        gsm_messages=len(messages) - n_ucs2,
        forcing=tuple(list(forcing)[:SHOW_CHARACTERS]),
        chinese=chinese,
        double=tuple(sorted(double)[:SHOW_CHARACTERS]),
    )


def explain_plan(plan: CampaignPlan) -> PartsExplained:
    sendable = plan.sendable
    return explain(sendable["message"], sendable["segments"])
