"""The price list, learned prices, the balance guard and the top-up pause, in the store
(SQLite and PostgreSQL) against the sandbox over real HTTP."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
import requests

from itnio_core.access import audit
from itnio_core.api.client import ItnioClient
from itnio_core.api.signing import signed_headers
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.money import (
    InsufficientBalanceError,
    PriceBook,
    estimate_plan,
    list_prices,
    observe_price,
    spend,
    waiting_for_top_up,
)
from itnio_core.money import confirm as money_confirm
from itnio_core.money import learned as money_learned
from itnio_core.money import sheet as price_sheet
from itnio_core.money.prices import Price, set_price
from itnio_core.sandbox import DEFAULT_API_KEY, DEFAULT_API_SECRET, SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender


def workbook(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_vendor_price_sheet_gets_a_verdict_per_row_and_is_audited(store) -> None:
    data = workbook(
        [
            ["Destination", "Dial code", "Rate (USD)", "Notes"],
            ["India", "+91", "0.0050", ""],
            ["United Kingdom", 44, 0.035, ""],
            ["Germany", "", "0.07", "no code: found from the name"],
            ["Atlantis", "", "0.01", ""],
            ["China", "86", "cheap", ""],
            ["India again", "0091", "0.006", ""],
            ["", "", "", "a note, no price"],
            ["Sweden", "46", "0.06", ""],
        ]
    )
    sheet = price_sheet.read_price_sheet(data, "vendor.xlsx")
    assert sheet.columns == {"country": "Destination", "code": "Dial code", "price": "Rate (USD)"}
    rows = sheet.rows.set_index("excel_row")
    assert rows["verdict"].to_dict() == {
        2: "ok",
        3: "ok",
        4: "ok",
        5: "invalid",
        6: "invalid",
        7: "duplicate",
        8: "empty",
        9: "ok",
    }
    assert rows.loc[4, "prefix"] == "49"
    assert "Atlantis" in rows.loc[5, "reason"] and "0.0045" in rows.loc[6, "reason"]
    assert "row 2" in rows.loc[7, "reason"]
    assert price_sheet.import_sheet(store, sheet, user="ada") == 4
    assert {(p.prefix, p.price) for p in list_prices(store)} == {
        ("91", Decimal("0.005")),
        ("44", Decimal("0.035")),
        ("49", Decimal("0.07")),
        ("46", Decimal("0.06")),
    }
    assert price_sheet.import_sheet(store, sheet, user="ada") == 0  # the same again: no change
    logged = audit.entries(store, actions=[audit.PRICE_CHANGE])
    assert len(logged) == 4 and {e.user for e in logged} == {"ada"}
    set_price(store, Price("91", "", "India", Decimal("0.0055"), "USD"), user="bo")
    latest = audit.entries(store, actions=[audit.PRICE_CHANGE])[0]
    assert (latest.user, latest.what, latest.detail) == (
        "bo",
        "price for +91",
        "0.005 → 0.0055 USD",
    )


def test_the_last_observed_price_is_kept_per_country_with_its_date(store) -> None:
    day1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert observe_price(store, price="0.0045", country=49, when=day1, currency="USD")
    older = observe_price(store, price="0.9", number="4915112345678", when=day1 - timedelta(1))
    assert older is not None  # observed, but older than what is kept
    assert observe_price(store, price="0", country=49) is None  # not billed: not a price
    seen = money_learned.learned(store)
    assert (seen[49].price, seen[49].observed_at) == (Decimal("0.0045"), day1)
    # pricedetail: pay is the total over chargeCnt parts
    observe_price(store, price="0.012", parts=3, country="91", when=day1, source="receipt")
    assert money_learned.learned(store)[91].price == Decimal("0.004")


def test_prices_are_learned_from_otp_records_over_http(store) -> None:
    config = SandboxConfig(otp_price=Decimal("0.0123"))
    with start_sandbox(config) as sb:
        client = ItnioClient(sb.client_settings(), sleep=lambda _s: None)
        client.send_otp(
            to="4915112345678", channel="sms", code="123456", order_id="o-1", template_id=1
        )
        record = client.get_otp_record("o-1")
    assert money_learned.learn_from_otp_record(store, record) == 1
    assert money_learned.learned(store)[49].price == Decimal("0.0123")


def sheet_of(n: int, prefix: str = "4477009") -> tuple[pd.DataFrame, pd.DataFrame]:
    numbers = [f"{prefix}{i:05d}" for i in range(n)]
    frame = pd.DataFrame({"Phone": numbers})
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, n + 2),
            "raw": numbers,
            "number": numbers,
            "verdict": "ok",
            "reason": "",
        }
    )
    return frame, verdicts


def draft(store, n: int):
    plan = plan_campaign(*sheet_of(n), "Same text")
    cid = cs.create_draft(
        store,
        plan,
        name="t",
        content="Same text",
        sender_id="",
        user="sam",
        verdict_counts={"ok": n},
    )
    return cid, plan


def test_confirming_over_the_balance_is_refused_with_the_shortfall(store) -> None:
    set_price(store, Price("44", "", "UK", Decimal("0.035"), "USD"), user="ada")
    with start_sandbox(SandboxConfig(starting_balance=Decimal("10.00"))) as sb:
        client = ItnioClient(sb.client_settings(), sleep=lambda _s: None)
        cid, plan = draft(store, 1500)  # 52.50 USD
        est = estimate_plan(plan, PriceBook.load(store))
        assert est.total == Decimal("52.500")
        with pytest.raises(InsufficientBalanceError) as refused:
            money_confirm.confirm(store, client, cid, est, user="sam", daily_cap=0, money_cap=None)
        text = refused.value.user_message
        assert "52.50 USD" in text and "10.00 USD" in text and "42.50 USD short" in text
        assert "Top up" in text and "about 285 recipients fit" in text
        assert "还差 42.50 USD" in refused.value.message_zh
        assert cs.get(store, cid).status == cs.DRAFT
        with pytest.raises(Exception, match="Only an administrator"):
            money_confirm.confirm(
                store,
                client,
                cid,
                est,
                user="sam",
                daily_cap=0,
                money_cap=None,
                until_balance_out=True,
            )
        assert money_confirm.confirm(
            store,
            client,
            cid,
            est,
            user="ada",
            daily_cap=0,
            money_cap=None,
            until_balance_out=True,
            may_override=True,
        )
    c = cs.get(store, cid)
    assert c.status == cs.QUEUED and c.until_balance_out and c.estimated_cost == "52.500"
    (entry,) = audit.entries(store, actions=[audit.BALANCE_OVERRIDE])
    assert entry.user == "ada" and "short by 42.50 USD" in entry.detail


def test_the_daily_money_cap_refuses_past_it(store) -> None:
    set_price(store, Price("44", "", "UK", Decimal("0.01"), "USD"), user="ada")
    with start_sandbox(SandboxConfig()) as sb:
        client = ItnioClient(sb.client_settings(), sleep=lambda _s: None)
        first, plan = draft(store, 300)  # 3.00
        est = estimate_plan(plan, PriceBook.load(store))
        assert money_confirm.confirm(
            store, client, first, est, user="sam", daily_cap=0, money_cap=Decimal("5")
        )
        second, _ = draft(store, 301)
        with pytest.raises(Exception, match=r"daily spending cap: 3\.00 of 5\.00 USD"):
            money_confirm.confirm(
                store, client, second, est, user="sam", daily_cap=0, money_cap=Decimal("5")
            )
    rows = spend.spend_rows(store)
    assert rows[["person", "recipients", "estimated_cost"]].values.tolist() == [["sam", 300, 3.0]]
    assert spend.spend_workbook(store)[:2] == b"PK"


def top_up(url: str, **body: str) -> dict[str, str]:
    headers = signed_headers(DEFAULT_API_KEY, DEFAULT_API_SECRET)
    answer: dict[str, str] = requests.post(
        f"{url}/sandbox/topup", json=body, headers=headers, timeout=30
    ).json()
    return answer


def test_running_out_pauses_for_a_top_up_and_one_resume_sends_the_rest_once(store) -> None:
    config = SandboxConfig(starting_balance=Decimal("100"), prices=(("44", Decimal("0.04")),))
    with start_sandbox(config) as sb:
        client = ItnioClient(sb.client_settings(), sleep=lambda _s: None)
        assert client.get_balance().balance == "100.0000"
        cid, _ = draft(store, 3500)  # 1,000 per request at 40.00: the third is refused
        cs.confirm(store, cid, user="sam")
        sender = Sender(store, lambda _u: client, max_in_flight=1)
        sender.run_until_idle()
        campaign = cs.get(store, cid)
        assert campaign.status == cs.PAUSED and campaign.stop_code == -10
        wait = waiting_for_top_up(store, campaign)
        assert wait is not None and (wait.sent, wait.waiting) == (2000, 1500)
        assert "2,000 recipients were sent; 1,500 wait" in wait.message("en")
        assert client.get_balance().balance == "20.0000"
        assert top_up(sb.url, amount="50")["balance"] == "70.0000"
        assert cs.resume(store, cid)
        sender.run_until_idle()
        assert cs.get(store, cid).status == cs.FINISHED
        seen = sb.simulator.seen_counts()
    assert len(seen) == 3500 and set(seen.values()) == {1}  # nobody twice
    assert client.get_balance  # the client outlived its sandbox without a call


def test_a_sheet_with_one_country_code_column_and_a_currency_column() -> None:
    data = b"Country code,Currency (USD),Rate\n+91,USD,0.005\n0044,usd,0.035\n"
    sheet = price_sheet.read_price_sheet(data, "rates.csv")
    assert sheet.columns["price"] == "Rate" and sheet.columns["currency"] == "Currency (USD)"
    assert sheet.rows[["prefix", "currency", "verdict"]].values.tolist() == [
        ["91", "USD", "ok"],
        ["44", "USD", "ok"],
    ]
