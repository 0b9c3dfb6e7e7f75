"""Templates: saved, edited with a history in the audit log, archived; placeholders checked
against a sheet's columns; a campaign keeps the text it sent whatever the template becomes."""

from __future__ import annotations

import pandas as pd
import pytest

from itnio_core import templates
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.common.errors import InvalidInputError


def test_placeholders_are_checked_against_the_columns() -> None:
    text = "Hi {Name}, your code {{x}} is {Code} { name }"
    assert templates.placeholders.placeholders(text) == ["Name", "Code", "name"]
    assert templates.missing(text, ["name", "Phone"]) == ["Code"]
    assert templates.missing(text, ["NAME", " code "]) == []
    problem = templates.problem(text, ["Name", "Phone"])
    assert problem is not None
    assert "{Code}" in problem.user_message and "{Name}, {Phone}" in problem.user_message
    assert "{Code}" in problem.message_zh
    assert templates.problem("No placeholders", []) is None


def test_add_edit_archive_with_history(store) -> None:
    tid = templates.add(store, "Welcome", "Hi {Name}", sender_id="ACME", note="new", user="sam")
    with pytest.raises(InvalidInputError, match="already a template"):
        templates.add(store, " welcome ", "Other", user="sam")
    assert templates.edit(store, tid, name="Welcome", content="Hello {Name}!", sender_id="ACME",
                          note="new", user="ana")  # fmt: skip
    assert not templates.edit(store, tid, name="Welcome", content="Hello {Name}!",
                              sender_id="ACME", note="new", user="ana")  # fmt: skip
    found = templates.named(store, "WELCOME")
    assert (found.content, found.updated_by, found.created_by) == ("Hello {Name}!", "ana", "sam")
    assert templates.archive(store, tid, user="ada")
    assert not templates.archive(store, tid, user="ada")  # a second click changes nothing
    assert templates.list_templates(store) == []
    with pytest.raises(InvalidInputError, match="no template called"):
        templates.named(store, "Welcome")
    history = templates.history(store, "Welcome")
    assert [(e.user, e.what.rsplit(": ", 1)[1]) for e in history] == [
        ("ada", "archived"), ("ana", "edited"), ("sam", "added"),
    ]  # fmt: skip
    assert "'Hi {Name}' → 'Hello {Name}!'" in history[1].detail


def test_bad_templates_are_refused_in_words(store) -> None:
    with pytest.raises(InvalidInputError, match="name"):
        templates.add(store, "  ", "text", user=None)
    with pytest.raises(InvalidInputError, match="message"):
        templates.add(store, "Empty", " ", user=None)
    with pytest.raises(InvalidInputError):
        templates.add(store, "Long sender", "x", sender_id="S" * 40, user=None)


def test_a_campaign_keeps_its_text_when_the_template_changes(store) -> None:
    tid = templates.add(store, "Sale", "Sale {Name}", user="sam")
    frame = pd.DataFrame({"Phone": ["447911123456"], "Name": ["Ana"]})
    number = ["447911123456"]
    verdicts = pd.DataFrame(
        {"excel_row": [2], "raw": number, "number": number, "verdict": "ok", "reason": ""}
    )
    content = templates.named(store, "Sale").content
    plan = plan_campaign(frame, verdicts, content)
    cid = cs.create_draft(store, plan, name="c", content=content, sender_id="", user="sam",
                          verdict_counts={"ok": 1}, template_id=tid)  # fmt: skip
    templates.edit(store, tid, name="Sale", content="Completely new {Name}", user="sam")
    campaign = cs.get(store, cid)
    assert campaign is not None
    assert (campaign.content, campaign.template_id) == ("Sale {Name}", tid)
    assert cs.recipient_rows(store, cid)[0]["number"] == "447911123456"
