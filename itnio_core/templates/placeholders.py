"""A template's ``{column}`` placeholders checked against the columns of an uploaded sheet,
before anything is planned: which placeholders have no column, in words.

    missing(template.content, upload.table.columns)    # ["First name"]
    problem(template.content, columns)                 # InvalidInputError, or None
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..common import InvalidInputError

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def placeholders(content: str) -> list[str]:
    """The placeholder names in ``content``, in order, once each (``{{`` is a brace)."""
    names: list[str] = []
    for m in _TOKEN.finditer(content):
        name = (m.group(1) or "").strip()
        if m.group(1) is not None and name not in names:
            names.append(name)
    return names


def missing(content: str, columns: Sequence[str]) -> list[str]:
    """Placeholders no column matches (letter case and spaces around do not matter)."""
    known = {str(c).strip().casefold() for c in columns}
    return [p for p in placeholders(content) if p.casefold() not in known]


def problem(content: str, columns: Sequence[str]) -> InvalidInputError | None:
    """What to tell the person when the sheet lacks a column the template needs."""
    gone = missing(content, columns)
    if not gone:
        return None
    listed = ", ".join(f"{{{p}}}" for p in gone)
    usable = ", ".join(f"{{{c}}}" for c in columns) or "none"
    return InvalidInputError(
        f"The template uses {listed}, but the sheet has no such column. Rename the column in "
        f"your spreadsheet, or change the message. Columns you can use: {usable}.",
        field="content",
        message_zh=f"模板使用了 {listed}，但表格中没有这样的列。请在表格中重命名该列，"
        f"或修改短信内容。可用的列：{usable}。",
    )
