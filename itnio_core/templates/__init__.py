"""Message templates: named messages senders save and start campaigns from.

Modules:
  saved         the templates in the store: ``add``, ``edit``, ``archive`` (admins),
                ``list_templates``, ``find``/``named``, ``history`` (from the audit log).
  placeholders  ``missing``/``problem``: a template's ``{column}`` placeholders checked
                against an uploaded sheet's columns.

A campaign copies a template's text when it is drafted (``campaigns.flow.save_draft`` keeps
the template's id), so editing a template never changes a campaign already sent.
"""

from __future__ import annotations

from . import placeholders, saved
from .placeholders import missing, problem
from .saved import Template, add, archive, edit, find, history, list_templates, named

__all__ = [
    "Template",
    "add",
    "archive",
    "edit",
    "find",
    "history",
    "list_templates",
    "missing",
    "named",
    "placeholders",
    "problem",
    "saved",
]
