"""Templates: the messages senders save and start campaigns from. Add or edit one (its text with
``{column}`` placeholders, an optional sender ID, a note), see who changed it when, and archive
it (administrators). A campaign keeps the exact text it sent, whatever a template becomes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import templates
from itnio_core.access import Action
from itnio_core.common import ItnioError, limits
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import lang, tr

FIELDS = (_state.TEMPLATES_NAME, _state.TEMPLATES_CONTENT, _state.TEMPLATES_SENDER,
          _state.TEMPLATES_NOTE)  # fmt: skip


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Templates"))
    st.markdown(
        tr(
            "Messages you send again and again, saved by name. On New campaign, start from one: "
            "it fills the message, and its placeholders are checked against your sheet's "
            "columns. Editing a template never changes a campaign already sent."
        )
    )
    found = templates.list_templates(console.store)
    _table(found)
    chosen = _pick(found)
    _form(console, chosen)
    message = st.session_state.pop(_state.TEMPLATES_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)
    if chosen is not None:
        _archive(console, chosen)
        _history(console, chosen)


def _table(found: list[templates.Template]) -> None:
    if not found:
        st.info(tr("No templates yet. Add the first one below."), icon=":material/info:")
        return
    table = pd.DataFrame(
        {
            tr("Name"): [t.name for t in found],
            tr("Message"): [t.content for t in found],
            tr("Sender ID"): [t.sender_id for t in found],
            tr("Note"): [t.note for t in found],
            tr("Changed by"): [t.updated_by or "—" for t in found],
            tr("Changed"): [_shared.format_time(t.updated_at) for t in found],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=_state.TEMPLATES_TABLE)


def _pick(found: list[templates.Template]) -> templates.Template | None:
    by_id = {t.id: t for t in found}
    chosen = st.selectbox(
        tr("Template"),
        [None, *by_id],
        format_func=lambda i: tr("A new template") if i is None else by_id[i].name,
        key=_state.TEMPLATES_PICK,
        on_change=_load,
        args=(by_id,),
    )
    return by_id.get(chosen) if chosen is not None else None


def _load(by_id: dict[int, templates.Template]) -> None:
    """Fill the form with the chosen template (or empty it for a new one)."""
    template = by_id.get(st.session_state.get(_state.TEMPLATES_PICK) or -1)
    values = (
        ("", "", "", "")
        if template is None
        else (template.name, template.content, template.sender_id, template.note)
    )
    for key, value in zip(FIELDS, values, strict=True):
        st.session_state[key] = value


def _form(console: Console, chosen: templates.Template | None) -> None:
    with st.form(key="templates_form", border=True):
        st.text_input(
            tr("Name"), key=_state.TEMPLATES_NAME, max_chars=templates.saved.NAME_MAX_CHARS
        )
        st.text_area(
            tr("Message"),
            key=_state.TEMPLATES_CONTENT,
            height=120,
            max_chars=limits.CONTENT_MAX_CHARS,
            placeholder=tr("Hello {Name}, …"),
            help=tr("Put a column name in braces, like {Name}, to fill it in from each row."),
        )
        left, right = st.columns(2)
        left.text_input(
            tr("Sender ID (optional)"),
            key=_state.TEMPLATES_SENDER,
            max_chars=limits.SENDER_ID_MAX_CHARS,
        )
        right.text_input(tr("Note (optional)"), key=_state.TEMPLATES_NOTE)
        st.form_submit_button(
            tr("Save the template") if chosen is None else tr("Save the changes"),
            key=_state.TEMPLATES_SAVE_BTN,
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(console, chosen.id if chosen else None),
        )


def _save(console: Console, template_id: int | None) -> None:
    name, content, sender_id, note = (st.session_state.get(k, "") for k in FIELDS)
    user = _shared.current_user()
    try:
        if template_id is None:
            templates.add(console.store, name, content, sender_id=sender_id, note=note, user=user)
            text = tr("Template “{name}” saved.", name=name.strip())
        else:
            templates.edit(console.store, template_id, name=name, content=content,
                           sender_id=sender_id, note=note, user=user)  # fmt: skip
            text = tr("Template “{name}” changed.", name=name.strip())
    except ItnioError as exc:
        st.session_state[_state.TEMPLATES_MESSAGE] = ("error", exc.message_for(lang()))
        return
    st.session_state[_state.TEMPLATES_MESSAGE] = ("ok", text)
    if template_id is None:
        for key in FIELDS:
            st.session_state[key] = ""


def _archive(console: Console, chosen: templates.Template) -> None:
    if not _shared.may(Action.CHANGE_SETTINGS):
        st.caption(tr("Administrators can archive templates."))
        return
    st.button(
        tr("Archive “{name}”", name=chosen.name),
        key=_state.TEMPLATES_ARCHIVE_BTN,
        icon=":material/archive:",
        on_click=_do_archive,
        args=(console, chosen),
    )


def _do_archive(console: Console, chosen: templates.Template) -> None:
    templates.archive(console.store, chosen.id, user=_shared.current_user())
    st.session_state[_state.TEMPLATES_PICK] = None
    for key in FIELDS:
        st.session_state[key] = ""
    st.session_state[_state.TEMPLATES_MESSAGE] = (
        "ok",
        tr("Template “{name}” archived: New campaign no longer offers it.", name=chosen.name),
    )


def _history(console: Console, chosen: templates.Template) -> None:
    st.subheader(tr("History of “{name}”", name=chosen.name))
    found = templates.history(console.store, chosen.name)
    verbs = {"added": tr("Saved as new"), "edited": tr("Edited"), "archived": tr("Archived")}
    table = pd.DataFrame(
        {
            tr("When"): [_shared.format_time(e.at) for e in found],
            tr("Who"): [e.user or "—" for e in found],
            tr("What"): [verbs.get(e.what.rsplit(": ", 1)[-1], e.what) for e in found],
            tr("Details"): [e.detail for e in found],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=_state.TEMPLATES_HISTORY)


if __name__ == "__main__":
    render()
