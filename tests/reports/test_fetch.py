"""Delivery reports, the pure parts: chunks, merging, status words, ids people bring.

Also the helpers the other report tests share (a sandbox with a clock the
test moves, and a campaign sent to it).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from typing import Any

import openpyxl
import pytest
import requests

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import FAILED, SENDING, BatchItem, Report, ReportItem
from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import store as cs
from itnio_core.common.chunking import chunked
from itnio_core.common.config import Settings
from itnio_core.common.errors import AuthError, InvalidInputError, TransportError
from itnio_core.common.limits import MSGIDS_PER_REPORT_MAX
from itnio_core.phones import calling_code_of, country_name
from itnio_core.phones.calling_codes import CALLING_CODES, calling_code, country_label
from itnio_core.reports import input as report_input
from itnio_core.reports.fetch import fetch_pages, merge_answer, report_client, unique_ids
from itnio_core.reports.statuses import STATUS_KEYS, meaning, status_key, word
from itnio_core.reports.target import Target
from itnio_core.sandbox import RunningSandbox, SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender
from itnio_core.store.engine import Store


# ------------------------------------------------------------------ shared helpers
class Clock:
    """The sandbox's clock, moved by the test instead of sleeping."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def clocked_sandbox(clock: Clock, delay: float = 3.0) -> RunningSandbox:
    return start_sandbox(SandboxConfig(clock=clock, delivery_delay=delay))


def sheet(rows: Sequence[Sequence[Any]], title: str = "Customers") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


CUSTOMERS = [
    ["Name", "Mobile", "City"],
    ["Ana", "+44 7911 123456", "London"],
    ["Bo", "+44 7911 123459", "Leeds"],  # ends in 9: fails delivery in the sandbox
    ["Cy", "+91 98765 43210", "Pune"],
    ["Di", "not a number", "Bath"],
]


def send_campaign(
    store: Store, sb: RunningSandbox, rows: Sequence[Sequence[Any]] = CUSTOMERS
) -> int:
    """A campaign made from ``rows`` like the New campaign page does, sent to ``sb``."""
    upload = campaign_flow.load_upload(sheet(rows), "customers.xlsx")
    checked = campaign_flow.check_upload(store, upload)
    plan = campaign_flow.plan(checked, "Hi {Name}")
    cid = campaign_flow.save_draft(
        store, checked, plan, name="Promo", content="Hi {Name}", sender_id="ACME", user="ana"
    )
    cs.confirm(store, cid, user="ana")
    settings = sb.client_settings()
    Sender(store, lambda user: ItnioClient(settings, user=user)).run_until_idle(timeout=30)
    return cid


# ------------------------------------------------------------------ chunks and merging
def test_chunks_are_at_most_200_and_keep_order():
    ids = [str(i) for i in range(1001)]
    chunks = chunked(ids, MSGIDS_PER_REPORT_MAX)
    assert [len(c) for c in chunks] == [200, 200, 200, 200, 200, 1]
    assert [i for c in chunks for i in c] == ids
    assert chunked([], MSGIDS_PER_REPORT_MAX) == []
    with pytest.raises(ValueError):
        chunked(ids, 0)


def test_unique_ids_strip_and_drop_repeats_in_first_seen_order():
    assert unique_ids([" b", "a", "b ", "", "  ", "a", "c"]) == ["b", "a", "c"]


def item(msg_id: str, status: int, number: str = "447911123456", at: str = "") -> ReportItem:
    return ReportItem(msg_id, number, at, status)


def test_merge_keeps_every_asked_id_and_nofound_as_none():
    report = Report(items=[item("a", 0, at="2024-05-01T10:00:00+08:00")], nofound=1)
    merged = merge_answer(["a", "b"], [report])
    assert merged["a"] == report.items[0]
    assert merged["b"] is None  # not found yet: kept, asked again next time
    assert list(merged) == ["a", "b"]


def test_merge_duplicates_keep_the_final_status_and_ignore_ids_not_asked():
    first = Report(items=[item("a", FAILED), item("x", 0)])
    second = Report(items=[item("a", SENDING), item("b", SENDING), item("b", 0)])
    merged = merge_answer(["a", "b"], [first, second])
    assert merged["a"] is not None and merged["a"].status == FAILED  # final beats sending
    assert merged["b"] is not None and merged["b"].status == 0  # the later final answer
    assert "x" not in merged


OVERLAP_WAIT_S = 30.0  # only reached when calls are not made side by side at all


class FakeClient:
    """Answers getReport like the platform; counts calls and how many run at once.

    The first call waits until a second one is in flight (a bounded wait: if calls are
    never made side by side, the test fails on ``most_in_flight``), so whether two calls
    overlap never depends on how the threads happen to be scheduled.
    """

    def __init__(self, known: dict[str, int], fail_on: int | None = None) -> None:
        self.known = known
        self.calls: list[list[str]] = []
        self.in_flight = self.most_in_flight = 0
        self.fail_on = fail_on
        self._lock = threading.Lock()
        self._overlapped = threading.Event()

    def get_report_page(self, ids: Sequence[str]) -> Report:
        with self._lock:
            self.calls.append(list(ids))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            n = len(self.calls)
            if self.in_flight > 1:
                self._overlapped.set()
        if n == 1:
            self._overlapped.wait(OVERLAP_WAIT_S)
        with self._lock:
            self.in_flight -= 1
        if self.fail_on is not None and n == self.fail_on:
            raise AuthError("Authentication failed.", status=-1, endpoint="report")
        found = [item(i, self.known[i]) for i in ids if i in self.known]
        return Report(items=found, nofound=len(ids) - len(found))


def test_fetch_pages_calls_200_at_a_time_a_few_at_once_and_misses_nothing():
    ids = [f"m{i}" for i in range(1050)]
    client = FakeClient({i: 0 for i in ids[:1000]})
    pages = list(fetch_pages(client, ids, workers=3))  # type: ignore[arg-type]
    assert sorted(len(c) for c in client.calls) == [50, 200, 200, 200, 200, 200]
    assert 1 < client.most_in_flight <= 3
    statuses = {k: v for p in pages for k, v in p.statuses.items()}
    assert set(statuses) == set(ids)
    assert sum(v is None for v in statuses.values()) == 50  # nofound kept as None
    assert sum(p.not_found for p in pages) == 50


def test_fetch_pages_stops_at_the_first_failure():
    client = FakeClient({}, fail_on=2)
    with pytest.raises(AuthError):
        list(fetch_pages(client, [str(i) for i in range(2000)], workers=2))  # type: ignore[arg-type]
    assert len(client.calls) < 10  # calls not started were cancelled


def test_a_report_call_keeps_commas_but_escapes_the_rest(monkeypatch):
    seen: list[str] = []

    def send(self: Any, request: requests.PreparedRequest, **kw: Any) -> Any:
        if str(request.url).startswith("http://x/"):  # not another test's thread
            seen.append(str(request.url))
        raise requests.ConnectionError("not sent")

    monkeypatch.setattr(requests.Session, "send", send)
    settings = Settings(api_key="k", api_secret="s", sms_app_id="a b", base_url="http://x")
    for client in (report_client(settings), ItnioClient(settings, sleep=lambda s: None)):
        with pytest.raises(TransportError):
            client.get_report_answer(["1", "2", "&3"])
    assert set(seen) == {"http://x/sms/getReport?appId=a+b&msgIds=1,2,%263"} and len(seen) > 1


def test_the_report_client_asks_the_sandbox_with_its_session():
    with start_sandbox(SandboxConfig(delivery_delay=None)) as sb:  # held: still sending
        client = report_client(sb.client_settings())
        sent = ItnioClient(sb.client_settings()).send_batch([BatchItem(("447911123456",), "Hi")])
        report = client.get_report_page([sent.messages[0].msg_id, "nosuch"])
    assert report.sending == 1 and report.nofound == 1


# ------------------------------------------------------------------ words
def test_status_words_in_english_and_chinese():
    assert [word(status_key(s)) for s in (0, 1, -1, None)] == [
        "Delivered",
        "Failed",
        "Still sending",
        "Not found yet",
    ]
    assert [word(status_key(s), "zh") for s in (0, 1, -1, None)] == [
        "已送达",
        "发送失败",
        "发送中",
        "暂未查到",
    ]
    assert status_key(None, known=False) == "unchecked"
    assert status_key(7) == "sending"  # an unknown code is not final
    for key in STATUS_KEYS:
        assert meaning(key) and meaning(key, "zh") and word(key, "zh") != word(key)


def test_targets_round_trip():
    assert Target.parse("campaign:12") == Target("campaign", 12)
    assert Target("list", 3).key == "list:3"
    with pytest.raises(ValueError):
        Target.parse("x:1")


def test_calling_codes_agree_with_the_phone_number_metadata():
    for number in ("919876543210", "447911123456", "12025550123", "8613812345678", "0123", "x"):
        assert calling_code(number) == calling_code_of(number)
    for code, (region, en, zh) in CALLING_CODES.items():
        assert country_name(region) == en and country_name(region, "zh") == zh, code
    assert country_label(91) == "India (+91)" and country_label(86, "zh") == "中国 (+86)"
    assert country_label(None) == "Unknown" and country_label(None, "zh") == "未知"


# ------------------------------------------------------------------ ids people bring
def test_pasted_ids_split_on_anything_and_say_what_was_skipped():
    found = report_input.ids_from_text("111, 222\n333;222，444 =HYPERLINK(1) 9.1E+18")
    assert found.ids == ["111", "222", "333", "444"]
    assert found.duplicates == 1
    assert found.problem_count == 2
    assert "not a message ID" in found.problems[0]
    assert "rounded by Excel" in found.problems[1]
    assert found.problems_for("zh")[0] == "“=HYPERLINK(1)”不是消息 ID。"
    assert "四舍五入" in found.problems_for("zh")[1]
    assert found.problems_for("en") == found.problems
    with pytest.raises(InvalidInputError):
        report_input.ids_from_text("  ,  ")


def test_pasted_ids_are_checked_for_shape():
    fifty = "1" * 50
    found = report_input.ids_from_text(f"2501011230001000001 hello {fifty}")
    assert found.ids == ["2501011230001000001"]
    assert found.problems == [
        "“hello” is not a message ID: the platform's message IDs are all digits (19 of them).",
        f"“{'1' * 37}…” has 50 digits; the platform's message IDs have 19.",
    ]
    assert found.problems_for("zh")[1].endswith("有 50 位数字；平台的消息 ID 是 19 位。")
    assert report_input.ids_from_text("hello").ids == []  # nothing to ask the platform about


def test_a_results_workbook_is_found_on_its_campaign_sheet_not_the_first():
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active["A1"] = "Export from the CRM"
    ws = wb.create_sheet("Customers")
    ws.append(["Name", "Mobile", "Check", "Message ID"])
    ws.append(["Ana", "447911123456", "OK", "2501011230001000001"])
    ws.append(["Bo", "bad", "Invalid number", None])
    ws.append(["Cy", "447911123457", "OK", "2501011230001000002"])
    out = io.BytesIO()
    wb.save(out)
    found = report_input.ids_from_file(out.getvalue(), "results.xlsx")
    assert (found.sheet, found.column) == ("Customers", "Message ID")
    assert found.ids == ["2501011230001000001", "2501011230001000002"]
    assert found.excel_rows == [2, 4]


def test_a_msgid_column_without_a_heading_is_found_by_its_content():
    data = "\n".join(f"44791112{i:04d},25010112300010{i:05d}" for i in range(20)).encode()
    found = report_input.ids_from_file(data, "ids.csv")
    assert len(found.ids) == 20 and found.ids[0] == "2501011230001000000"


def test_a_sheet_without_message_ids_says_so():
    with pytest.raises(InvalidInputError, match="No column of message IDs"):
        report_input.ids_from_file(sheet([["Name", "Phone"], ["Ana", "447911123456"]]), "x.xlsx")
