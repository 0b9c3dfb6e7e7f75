"""Saved message templates in the store: add, edit, archive, list, and their history.

A template is a name, a message with ``{column}`` placeholders, an optional sender ID and a
note. A campaign copies the text when it is drafted, so editing a template never changes a
campaign already sent. Every change is in the audit log (who, what, when): ``history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..access import audit
from ..common import (
    CONTENT_MAX_CHARS,
    InvalidInputError,
    aware,
    check_sender_id,
    limits,
    utc_now,
)
from ..store import Store, message_templates

NAME_MAX_CHARS = 100
NOTE_MAX_CHARS = 1000


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    content: str
    sender_id: str
    note: str
    created_at: datetime
    created_by: str | None
    updated_at: datetime
    updated_by: str | None
    archived_at: datetime | None
    archived_by: str | None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


def _template(row: Any) -> Template:
    data = dict(row)
    for key in ("created_at", "updated_at", "archived_at"):
        data[key] = aware(data[key])
    return Template(**data)


def _clean(name: str, content: str, sender_id: str, note: str) -> dict[str, str]:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError(
            "Give the template a name.", field="name", message_zh="请为模板命名。"
        )
    if len(name) > NAME_MAX_CHARS:
        raise limits.too_long("template name", "模板名称", "name", len(name), NAME_MAX_CHARS)
    if not content.strip():
        raise InvalidInputError(
            "Write the template's message.", field="content", message_zh="请填写模板的短信内容。"
        )
    if len(content) > CONTENT_MAX_CHARS:
        raise limits.too_long("message", "短信内容", "content", len(content), CONTENT_MAX_CHARS)
    if len(note) > NOTE_MAX_CHARS:
        raise limits.too_long("note", "备注", "note", len(note), NOTE_MAX_CHARS)
    return {"name": name, "content": content, "sender_id": check_sender_id(sender_id),
            "note": note.strip()}  # fmt: skip


def add(
    store: Store, name: str, content: str, *, sender_id: str = "", note: str = "",
    user: str | None,
) -> int:  # fmt: skip
    """A new template; ``InvalidInputError`` when the name is taken (archived ones too)."""
    values = _clean(name, content, sender_id, note)
    if find(store, values["name"], include_archived=True) is not None:
        raise InvalidInputError(
            f"There is already a template called “{values['name']}”. Choose another name, or "
            "edit that one.",
            field="name",
            message_zh=f"已有名为“{values['name']}”的模板。请换一个名称，或编辑那个模板。",
        )
    now = utc_now()
    with store.engine.begin() as conn:
        key = conn.execute(
            message_templates.insert().values(
                **values, created_at=now, created_by=user, updated_at=now, updated_by=user
            )
        ).inserted_primary_key
    assert key is not None
    _audit(store, user, values["name"], "added", values["content"])
    return int(key[0])


def edit(
    store: Store, template_id: int, *, name: str, content: str, sender_id: str = "",
    note: str = "", user: str | None,
) -> bool:  # fmt: skip
    """Change a template; True when something changed. Campaigns keep the text they sent."""
    before = get(store, template_id)
    if before is None or before.archived:
        raise InvalidInputError(
            "That template is archived or gone; it can no longer be changed.",
            message_zh="该模板已归档或不存在，无法再修改。",
        )
    values = _clean(name, content, sender_id, note)
    other = find(store, values["name"], include_archived=True)
    if other is not None and other.id != template_id:
        raise InvalidInputError(
            f"There is already a template called “{values['name']}”.",
            field="name",
            message_zh=f"已有名为“{values['name']}”的模板。",
        )
    changed = [k for k, v in values.items() if getattr(before, k) != v]
    if not changed:
        return False
    with store.engine.begin() as conn:
        conn.execute(
            message_templates.update()
            .where(message_templates.c.id == template_id)
            .values(**values, updated_at=utc_now(), updated_by=user)
        )
    detail = "; ".join(f"{k}: {getattr(before, k)!r} → {values[k]!r}" for k in changed)
    _audit(store, user, values["name"], "edited", detail)
    return True


def archive(store: Store, template_id: int, *, user: str | None) -> bool:
    """Archive (admins): no longer offered on New campaign; kept for its history."""
    found = get(store, template_id)
    with store.engine.begin() as conn:
        changed = conn.execute(
            message_templates.update()
            .where(message_templates.c.id == template_id, message_templates.c.archived_at.is_(None))
            .values(archived_at=utc_now(), archived_by=user)
        ).rowcount
    if changed and found is not None:
        _audit(store, user, found.name, "archived", "")
    return bool(changed)


def get(store: Store, template_id: int) -> Template | None:
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(message_templates).where(message_templates.c.id == template_id))
            .mappings()
            .first()
        )
    return _template(row) if row else None


def find(store: Store, name: str, *, include_archived: bool = False) -> Template | None:
    """The template called ``name`` (spaces and letter case do not matter)."""
    wanted = " ".join(name.split()).casefold()
    for t in list_templates(store, include_archived=include_archived):
        if t.name.casefold() == wanted:
            return t
    return None


def named(store: Store, name: str) -> Template:
    """``find`` for a template in use; ``InvalidInputError`` listing the names otherwise."""
    found = find(store, name)
    if found is not None:
        return found
    names = ", ".join(f"“{t.name}”" for t in list_templates(store)) or "none yet"
    raise InvalidInputError(
        f"There is no template called “{name}”. Templates: {names}.",
        field="template",
        message_zh=f"没有名为“{name}”的模板。现有模板：{names}。",
    )


def list_templates(store: Store, *, include_archived: bool = False) -> list[Template]:
    query = sa.select(message_templates).order_by(message_templates.c.name)
    if not include_archived:
        query = query.where(message_templates.c.archived_at.is_(None))
    with store.engine.connect() as conn:
        return [_template(r) for r in conn.execute(query).mappings()]


def history(store: Store, name: str) -> list[audit.Entry]:
    """Who changed the template and how, newest first (from the audit log)."""
    prefix = f"template “{name}”"
    found = audit.entries(store, actions=[audit.TEMPLATE_CHANGE], limit=10_000)
    return [e for e in found if e.what.startswith(prefix + ":")]


def _audit(store: Store, user: str | None, name: str, verb: str, detail: str) -> None:
    audit.record(store, user, audit.TEMPLATE_CHANGE, what=f"template “{name}”: {verb}",
                 detail=detail)  # fmt: skip
