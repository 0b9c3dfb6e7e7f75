"""New campaign › start from a template: picking one fills the message and the sender ID, and
its placeholders are checked against the uploaded sheet's columns."""

from __future__ import annotations

import streamlit as st

from itnio_core import templates
from itnio_core.console import Console
from views._ui import pages
from views._ui import state as _state
from views._ui.i18n import lang, tr


def render(console: Console, columns: list[str]) -> None:
    """The picker above the message; nothing when no template is saved yet."""
    found = templates.list_templates(console.store)
    if not found:
        st.caption(tr("Tip: save messages you send often as templates, on the Templates page."))
        return
    by_id = {t.id: t for t in found}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("Start from a template"),
        [None, *by_id],
        format_func=lambda i: tr("No template: write the message") if i is None else by_id[i].name,
        key=_state.NEW_TEMPLATE,
    )
    right.button(
        tr("Use this template"),
        key=_state.NEW_TEMPLATE_BTN,
        icon=":material/content_paste:",
        disabled=chosen is None,
        on_click=_use,
        args=(by_id.get(chosen) if chosen is not None else None,),
    )
    used = by_id.get(chosen_id() or -1)
    if used is not None:
        problem = templates.problem(used.content, columns)
        if problem is not None:
            st.error(problem.message_for(lang()), icon=":material/error:")
        else:
            st.caption(
                tr("From the template “{name}”: every placeholder has a column.", name=used.name)
            )
    st.page_link(pages.TEMPLATES, label=tr("Manage templates"), icon=":material/library_books:")


def _use(template: templates.Template | None) -> None:
    if template is None:
        return
    st.session_state[_state.NEW_CONTENT] = template.content
    if template.sender_id:
        st.session_state[_state.NEW_SENDER] = template.sender_id
    st.session_state[_state.NEW_TEMPLATE_ID] = (template.id, template.content)


def chosen_id() -> int | None:
    """The template the message was filled from, while the message still is its text."""
    used = st.session_state.get(_state.NEW_TEMPLATE_ID)
    if used is None or st.session_state.get(_state.NEW_CONTENT) != used[1]:
        return None
    return int(used[0])
