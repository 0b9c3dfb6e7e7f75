"""An upload and what New campaign works out from it (verdicts, plan) are held for the
session only while the file is in the box: they go when it is removed or replaced, and
when the session ends. Counted as live objects (``campaigns.in_memory.held``), not memory."""

from __future__ import annotations

import gc

import pytest
from streamlit.runtime import caching
from streamlit.testing.v1 import AppTest

from itnio_core.campaigns import in_memory
from tests.campaigns.test_pages import XLSX, messy_workbook, new_campaign, uploaded

SESSION = "test session id"  # the id AppTest's script runner gives its session


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    caching.clear_session_resource_cache(SESSION)  # another test's session, same id
    gc.collect()
    return app_env


def held() -> dict[str, int]:
    gc.collect()  # what only a cycle keeps is not held
    return in_memory.held()


def worked_on() -> AppTest:
    """A list uploaded and checked, a message written and the campaign reviewed."""
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi {Name}").run()
    at.button(key="new_review_btn").click().run()
    assert not at.exception
    assert "Send to 2 now" in [b.label for b in at.button]
    assert held() == {"Upload": 1, "Checked": 1, "CampaignPlan": 1}
    return at


def test_removing_the_upload_lets_it_and_its_verdicts_and_plan_go():
    at = worked_on()
    at.file_uploader(key="new_upload").clear().run()
    assert not at.exception
    assert held() == {}


def test_another_file_replaces_the_first_and_everything_worked_out_from_it():
    at = worked_on()
    box = at.file_uploader(key="new_upload")
    box.set_value(("other.xlsx", messy_workbook(), XLSX)).run()
    assert not at.exception
    assert held() == {"Upload": 1, "Checked": 1, "CampaignPlan": 1}  # the new file's only


def test_the_end_of_the_session_lets_them_go():
    at = worked_on()
    # What Streamlit does when a browser disconnects (AppSession.clear_session_caches);
    # the session's state may stay longer, for a reconnect, and must not hold them.
    caching.clear_session_resource_cache(SESSION)
    assert held() == {}
    at.run()  # the person comes back (a reconnect): the file is read again, nothing lost
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Ready to send"] == "2"
