"""Campaign craft from a shell: ``templates list|add|show|archive``, ``send FILE --template``,
``send FILE --dry-run --json`` with ``held`` at ``--at``, and ``settings quiet-hours``."""

from __future__ import annotations

import io
import json
import os

import openpyxl
import pytest

from itnio_core.campaigns import store as cs
from itnio_core.cli.main import main
from itnio_core.store.engine import Store

INDIAN = ["+91 98123 10001", "+91 98123 10002"]
BRITISH = ["+44 7911 123456"]


@pytest.fixture
def env(tmp_path, sandbox_env):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Mobile"])
    for i, phone in enumerate(INDIAN + BRITISH):
        ws.append([f"P{i}", phone])
    wb.save(tmp_path / "list.xlsx")
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_templates_add_list_show_archive(env, capsys):
    code, text = run("templates", "add", "Welcome", "--content", "Hi {Name}", "--sender-id",
                     "ACME", "--note", "for new customers")  # fmt: skip
    assert code == 0 and "Template “Welcome” saved" in text
    code, text = run("templates", "list", "--json")
    listed = json.loads(text)
    assert [(t["name"], t["content"], t["sender_id"], t["placeholders"]) for t in listed] == [
        ("Welcome", "Hi {Name}", "ACME", ["Name"])
    ]
    code, text = run("templates", "show", "welcome")
    assert code == 0
    assert "Message: Hi {Name}" in text and "template “Welcome”: added" in text
    assert run("templates", "add", "Welcome", "--content", "x")[0] == 1
    assert "already a template" in capsys.readouterr().err
    code, text = run("templates", "archive", "Welcome")
    assert code == 0 and "archived" in text
    assert json.loads(run("templates", "list", "--json")[1]) == []
    assert len(json.loads(run("templates", "list", "--all", "--json")[1])) == 1
    history = json.loads(run("templates", "show", "Welcome", "--json")[1])["history"]
    assert [h["what"].rsplit(": ", 1)[1] for h in history] == ["archived", "added"]


def test_send_file_with_a_template_uses_its_text_and_sender_id(env):
    run("templates", "add", "Promo", "--content", "Sale for {Name}", "--sender-id", "ACME")
    code, text = run("send", "list.xlsx", "--template", "Promo", "--json")
    assert code == 0, text
    answer = json.loads(text)
    store = Store(os.environ["ITNIO_DATABASE_URL"])
    campaign = cs.get(store, answer["campaign_id"])
    assert campaign is not None
    assert (campaign.content, campaign.sender_id) == ("Sale for {Name}", "ACME")
    assert campaign.template_id is not None and answer["accepted"] == 3
    store.close()


def test_a_template_whose_placeholder_has_no_column_is_refused(env, capsys):
    run("templates", "add", "Needs city", "--content", "Hi {Name} in {City}")
    code, _ = run("send", "list.xlsx", "--template", "Needs city", "--dry-run")
    assert code == 1
    err = capsys.readouterr().err
    assert "Template “Needs city”" in err and "{City}" in err and "{Name}, {Mobile}" in err


def test_content_or_template_is_needed(env, capsys):
    with pytest.raises(SystemExit):
        main(["send", "list.xlsx", "--dry-run"])
    assert "--content TEXT or --template NAME" in capsys.readouterr().err


def test_quiet_hours_set_list_and_the_dry_run_says_who_is_held(env):
    code, text = run("settings", "quiet-hours", "set", "+91", "09:00-21:00", "--timezone",
                     "Asia/Kolkata")  # fmt: skip
    assert code == 0 and "India (+91)" in text
    assert json.loads(run("settings", "quiet-hours", "list", "--json")[1]) == [
        {"calling_code": "+91", "country": "India (+91)", "hours": "09:00-21:00",
         "timezone": "Asia/Kolkata"}
    ]  # fmt: skip
    code, text = run("send", "list.xlsx", "--content", "Hi {Name}", "--dry-run", "--json",
                     "--at", "2026-12-24 23:30", "--timezone", "Asia/Kolkata")  # fmt: skip
    assert code == 0
    answer = json.loads(text)
    assert answer["held"] == [
        {"country": "India (+91)", "calling_code": "+91", "recipients": 2,
         "until": "2026-12-25T09:00:00+05:30", "timezone": "Asia/Kolkata",
         "several_time_zones": False}
    ]  # fmt: skip
    assert answer["requests"] == 2  # the held and the sent never share a request
    at_noon = run("send", "list.xlsx", "--content", "Hi", "--dry-run", "--json", "--at",
                  "2026-12-24 12:00", "--timezone", "Asia/Kolkata")[1]  # fmt: skip
    assert json.loads(at_noon)["held"] == []
    code, text = run("send", "list.xlsx", "--content", "Hi", "--dry-run", "--at",
                     "2026-12-24 18:00", "--timezone", "UTC")  # fmt: skip
    assert "India (+91): 2 held until 2026-12-25 09:00 (Asia/Kolkata), 2026-12-25 03:30 (UTC)" in (
        text
    )
    assert "United Kingdom (+44): 1 go at once." in text
    assert run("settings", "quiet-hours", "remove", "+91")[0] == 0
    assert json.loads(run("settings", "quiet-hours", "list", "--json")[1]) == []


def test_bad_quiet_hours_are_refused_in_words(env, capsys):
    assert run("settings", "quiet-hours", "set", "+91", "9 to 5", "--timezone", "UTC")[0] == 1
    assert "09:00-21:00" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["send", "list.xlsx", "--content", "x", "--at", "2026-12-24 10:00"])
    assert "--at only says" in capsys.readouterr().err


def test_send_at_2330_india_time_sends_the_uk_and_leaves_india_to_the_worker(env):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from itnio_core.quiet_hours import set_sandbox_time

    run("settings", "quiet-hours", "set", "+91", "09:00-21:00", "--timezone", "Asia/Kolkata")
    store = Store(os.environ["ITNIO_DATABASE_URL"])
    now_there = datetime.now(ZoneInfo("Asia/Kolkata"))
    set_sandbox_time(store, now_there.replace(hour=23, minute=30), user="test")
    code, text = run("send", "list.xlsx", "--content", "Hi {Name}")
    assert code == 0, text
    assert "Accepted 1, refused 0, unknown 0 (of 3 recipients)" in text
    assert "Held by quiet hours: 2 (India (+91)) until " in text and " 09:00 (Asia/Kolkata)" in text
    assert "The worker sends them then" in text
    campaign = cs.list_campaigns(store)[0]
    assert campaign.status == cs.SENDING and cs.progress(store, campaign.id).held == 2
    store.close()


def test_a_scheduled_send_says_who_quiet_hours_will_hold_then(env):
    run("settings", "quiet-hours", "set", "+91", "09:00-21:00", "--timezone", "Asia/Kolkata")
    code, text = run("send", "list.xlsx", "--content", "Hi", "--schedule", "2031-01-05 22:00",
                     "--timezone", "Asia/Kolkata", "--json")  # fmt: skip
    assert code == 0, text
    held = json.loads(text)["held"]
    assert [(h["recipients"], h["until"]) for h in held] == [(2, "2031-01-06T09:00:00+05:30")]
