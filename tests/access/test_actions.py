"""Roles inside pages (buttons a role may not use are not offered), the daily cap,
the default sender ID, and the audit of confirmations, controls and downloads."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.access import audit, console_settings
from itnio_core.access.auth import Role, User
from itnio_core.campaigns import actions as campaign_actions
from itnio_core.campaigns import store as cs
from itnio_core.common.errors import InvalidInputError
from itnio_core.console.wiring import shared_sandbox
from itnio_core.store import migrate
from itnio_core.store.engine import Store, make_engine
from tests.campaigns.test_pages import messy_workbook
from tests.paths import APP
from tests.reports.test_fetch import CUSTOMERS, send_campaign, sheet
from tests.waiting import APPTEST_TIMEOUT_S

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def db_url(app_env: str) -> str:
    return app_env


def as_user(role: Role, name: str = "pat", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update({"users": {name: {"password_hash": "$2b$12$x", "role": role.name.lower()}}})
    at.session_state["auth_user"] = User(name, role)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def button_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def make_draft(store: Store) -> int:
    """A three-recipient draft, as New campaign leaves it before Send."""
    from itnio_core.campaigns import flow as campaign_flow

    checked = campaign_flow.check_upload(
        store, campaign_flow.load_upload(sheet(CUSTOMERS), "c.xlsx")
    )
    plan = campaign_flow.plan(checked, "Hi {Name}")
    return campaign_flow.save_draft(
        store, checked, plan, name="Promo", content="Hi {Name}", sender_id="", user="pat"
    )


# ------------------------------------------------------------------ core
def test_confirm_checks_the_cap_once_and_audits(db_url: str) -> None:
    store = Store(db_url)
    cid = make_draft(store)
    with pytest.raises(InvalidInputError, match="daily sending cap"):
        campaign_actions.confirm(store, cid, user="pat", daily_cap=2)
    assert cs.get(store, cid).status == cs.DRAFT
    assert campaign_actions.confirm(store, cid, user="pat", daily_cap=3)
    assert not campaign_actions.confirm(store, cid, user="pat", daily_cap=3)  # second click
    logged = audit.entries(store, actions=[audit.CAMPAIGN_CONFIRM])
    assert len(logged) == 1 and logged[0].user == "pat" and "3 recipients" in logged[0].what
    assert console_settings.sent_today(store, "pat") == 3
    problem = campaign_actions.cap_problem(store, "pat", 1, daily_cap=3)
    assert problem is not None and "3 of 3" in problem.user_message


# ------------------------------------------------------------------ campaign page
@pytest.mark.parametrize(("role", "offered"), [(Role.VIEWER, False), (Role.SENDER, True)])
def test_campaign_controls_only_for_senders(db_url: str, role: Role, offered: bool) -> None:
    store = Store(db_url)
    cid = make_draft(store)
    cs.confirm(store, cid, user="pat")
    assert cs.pause(store, cid)
    at = as_user(role, id=str(cid))
    at.switch_page("views/campaigns/campaigns.py").run()
    assert not at.exception
    assert at.get("download_button"), "everyone may download the results"
    controls = {"campaign_pause_btn", "campaign_resume_btn", "campaign_cancel_btn"}
    assert bool(button_keys(at) & controls) is offered


def test_cancel_is_audited_with_the_user(db_url: str) -> None:
    store = Store(db_url)
    cid = make_draft(store)
    cs.confirm(store, cid, user="pat")
    cs.pause(store, cid)
    at = as_user(Role.SENDER, id=str(cid))
    at.switch_page("views/campaigns/campaigns.py").run()
    at.button(key="campaign_resume_btn").click().run()
    assert not at.exception
    logged = audit.entries(store, actions=[audit.CAMPAIGN_CONTROL])
    assert [(e.user, e.what) for e in logged] == [("pat", f"campaign {cid}: resume")]


# ------------------------------------------------------------------ report page
@pytest.mark.parametrize(("role", "offered"), [(Role.VIEWER, False), (Role.SENDER, True)])
def test_resend_to_failed_only_for_senders(db_url: str, role: Role, offered: bool) -> None:
    cid = send_campaign(Store(db_url), shared_sandbox())
    at = as_user(role, campaign=str(cid))
    at.switch_page("views/reports/reports.py").run()
    assert not at.exception
    assert ("report_resend_btn" in button_keys(at)) is offered
    assert "report_check_btn" in button_keys(at)  # checking reports is for everyone


# ------------------------------------------------------------------ new campaign
def start_campaign(at: AppTest) -> AppTest:
    at.switch_page("views/campaigns/campaign_new.py").run()
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    return at


def test_default_sender_id_and_daily_cap_from_settings(db_url: str) -> None:
    store = Store(db_url)
    console_settings.save(store, {"default_sender_id": "ACME", "daily_cap": 1}, user="ada")
    at = start_campaign(as_user(Role.SENDER))
    assert at.text_input(key="new_sender").value == "ACME"
    at.text_area(key="new_content").input("Hi {Name}").run()
    at.button(key="new_review_btn").click().run()
    assert not at.exception
    assert at.button(key="new_send_btn").disabled
    assert any("daily sending cap" in e.value for e in at.error)
    assert all(c.status == cs.DRAFT for c in cs.list_campaigns(store, include_drafts=True))


def test_otp_send_respects_the_daily_cap(db_url: str) -> None:
    console_settings.save(Store(db_url), {"daily_cap": 1}, user="ada")
    at = as_user(Role.SENDER)
    at.switch_page("views/otp/otp_send.py").run()
    for _ in range(2):
        at.text_input(key="otp_to").input("447911123456")
        at.button(key="otp_send_btn").click().run()
    assert not at.exception
    assert any("daily sending cap" in e.value for e in at.error)
    assert console_settings.sent_today(Store(db_url), "pat") == 1


def test_recipient_problems_show_in_chinese_on_the_campaign_page(db_url: str) -> None:
    from itnio_core.campaigns import flow as campaign_flow

    store = Store(db_url)
    checked = campaign_flow.check_upload(
        store, campaign_flow.load_upload(messy_workbook(), "customers.xlsx")
    )
    plan = campaign_flow.plan(checked, "Hi {Name}")
    cid = campaign_flow.save_draft(
        store, checked, plan, name="Promo", content="Hi {Name}", sender_id="", user="pat"
    )
    at = as_user(Role.VIEWER, id=str(cid))
    at.session_state["lang"] = "zh"
    at.switch_page("views/campaigns/campaigns.py").run()
    assert not at.exception
    problems = [p for p in at.dataframe[-1].value["问题"] if p]
    assert problems and all(any("\u4e00" <= ch <= "\u9fff" for ch in p) for p in problems)


def test_migration_adds_chinese_reasons_to_an_older_database(tmp_path) -> None:
    from tests.store import legacy_schema as legacy

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:  # what a v6 database looks like
        legacy.make_legacy_database(conn, 6)
        conn.exec_driver_sql("ALTER TABLE recipients DROP COLUMN reason_zh")
    migrate.upgrade(engine)  # what itnio db upgrade does
    engine.dispose()
    again = Store(url)
    assert migrate.current(again.engine) == migrate.head()
    with again.engine.connect() as conn:
        names = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(recipients)")]
    assert "reason_zh" in names


def test_controls_change_once_and_every_click_is_audited(db_url: str) -> None:
    store = Store(db_url)
    cid = make_draft(store)
    cs.confirm(store, cid, user="pat")
    assert campaign_actions.control(store, cid, "pause", user="pat")
    assert not campaign_actions.control(store, cid, "pause", user="pat")  # already paused
    assert campaign_actions.control(store, cid, "cancel", user="pat")
    logged = audit.entries(store, actions=[audit.CAMPAIGN_CONTROL])
    assert [(e.what, e.result) for e in reversed(logged)] == [
        (f"campaign {cid}: pause", audit.OK),
        (f"campaign {cid}: pause", audit.FAILED),
        (f"campaign {cid}: cancel", audit.OK),
    ]
