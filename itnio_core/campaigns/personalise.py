"""``{column}`` placeholders in a message, filled from each spreadsheet row.

``{{`` and ``}}`` stand for literal braces. Rendering a whole column at once
uses pandas string concatenation, so a million rows take well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..api import sms_parts as sms_text
from ..common import InvalidInputError

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[str | tuple[str], ...]  # literal text, or (column,) for a placeholder

    @property
    def columns(self) -> list[str]:
        return [p[0] for p in self.parts if isinstance(p, tuple)]


def parse(text: str, columns: Sequence[str] = ()) -> Template:
    """Split a message into literal text and placeholders, checking each name."""
    parts: list[str | tuple[str]] = []
    literal: list[str] = []
    pos = 0
    known = {c.strip().casefold(): c for c in columns}
    for m in _TOKEN.finditer(text):
        literal.append(text[pos : m.start()])
        token = m.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif m.group(1) is None:
            raise InvalidInputError(
                f"The message has a lone '{token}'. Write {{column name}} for a placeholder, "
                f"or '{token}{token}' for the character itself.",
                field="content",
                message_zh=(
                    f"短信中有单独的“{token}”。占位符请写成 {{列名}},"
                    f"字符本身请写成 “{token}{token}”。"
                ),
            )
        else:
            name = m.group(1).strip()
            column = known.get(name.casefold())
            if column is None:
                choices = ", ".join(f"{{{c}}}" for c in columns) or "none"
                raise InvalidInputError(
                    f"The placeholder {{{name}}} does not match a column of the sheet. "
                    f"Columns you can use: {choices}.",
                    field="content",
                    message_zh=f"占位符 {{{name}}} 与表格中的列不匹配。可用的列:{choices}。",
                )
            parts.append("".join(literal))
            literal = []
            parts.append((column,))
        pos = m.end()
    literal.append(text[pos:])
    parts.append("".join(literal))
    return Template(text, tuple(p for p in parts if p != ""))


def placeholder_names(text: str) -> list[str]:
    """Every ``{name}`` in ``text`` (``{{`` and ``}}`` are braces, not placeholders)."""
    return [m.group(1).strip() for m in _TOKEN.finditer(text) if m.group(1) is not None]


def render_one(template: Template, row: Mapping[str, str]) -> str:
    return "".join(p if isinstance(p, str) else str(row.get(p[0], "")) for p in template.parts)


def render(template: Template, frame: pd.DataFrame) -> pd.Series:
    """Every row's message, vectorised."""
    out = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    for part in template.parts:
        piece = part if isinstance(part, str) else frame[part[0]].fillna("").astype(str)
        out = out + piece
    return out.astype(object)


def segment_counts(messages: pd.Series) -> pd.DataFrame:
    """Characters, encoding and segments for each message."""
    return sms_text.count_many(messages)
