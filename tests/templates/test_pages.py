"""The pages of campaign craft, headless: Templates (save, history, archive by an admin only)
and Settings › quiet hours and the sandbox clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from itnio_core import quiet_hours, templates
from itnio_core.access.auth import Role, User
from itnio_core.store.engine import Store
from tests.access.test_pages import with_users
from tests.paths import APP
from tests.waiting import APPTEST_TIMEOUT_S


@pytest.fixture
def app(app_env: str) -> Iterator[str]:
    st.cache_resource.clear()
    yield app_env


def as_user(name: str, role: Role) -> AppTest:
    at = with_users()
    at.session_state["auth_user"] = User(name, role)
    return at.run()


def clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def test_templates_page_saves_a_template_and_only_an_admin_archives(app: str) -> None:
    at = as_user("sam", Role.SENDER)
    at.switch_page("views/campaigns/templates.py").run()
    clean(at)
    at.text_input(key="templates_name").input("Welcome")
    at.text_area(key="templates_content").input("Hi {Name}")
    at.button(key="templates_save_btn").click().run()
    clean(at)
    assert at.success[0].value == "Template “Welcome” saved."
    store = Store(app)
    saved = templates.named(store, "Welcome")
    assert (saved.content, saved.created_by) == ("Hi {Name}", "sam")
    at.selectbox(key="templates_pick").set_value(saved.id).run()
    clean(at)
    assert at.text_area(key="templates_content").value == "Hi {Name}"
    assert "Administrators can archive templates." in [c.value for c in at.caption]
    admin = as_user("ada", Role.ADMIN)
    admin.switch_page("views/campaigns/templates.py").run()
    admin.selectbox(key="templates_pick").set_value(saved.id).run()
    admin.button(key="templates_archive_btn").click().run()
    clean(admin)
    assert templates.list_templates(store) == []
    store.close()


def test_settings_sets_quiet_hours_and_moves_the_sandbox_clock(app: str) -> None:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S).run()
    at.switch_page("views/settings/settings.py").run()
    clean(at)
    at.text_input(key="quiet_code").input("+91")
    at.text_input(key="quiet_hours").input("09:00-21:00")
    at.text_input(key="quiet_zone").input("Asia/Kolkata")
    at.button(key="quiet_save_btn").click().run()
    clean(at)
    assert any("India (+91) receives campaigns from 09:00 to 21:00" in s.value for s in at.success)
    store = Store(app)
    assert quiet_hours.rules.load(store)["91"].zone == "Asia/Kolkata"
    at.text_input(key="clock_when").input("2030-01-01 23:30")
    at.text_input(key="clock_zone").input("Asia/Kolkata")
    at.button(key="clock_set_btn").click().run()
    clean(at)
    clock = quiet_hours.clock_for(store, sandbox=True)
    assert abs(clock() - 1893520800.0) < 120  # 2030-01-01 18:00 UTC, give or take this run
    at.button(key="clock_reset_btn").click().run()
    assert quiet_hours.sandbox_offset(store) == 0.0
    store.close()
