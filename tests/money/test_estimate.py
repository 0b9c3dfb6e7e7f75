"""The estimate: counted from each recipient's personalised message, country by country,
with unknown prices named and the total a lower bound; and the parts explained."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd

from itnio_core.campaigns.plan import plan_campaign
from itnio_core.money import PriceBook, estimate_plan, explain_plan, money_text
from itnio_core.money.learned import Learned
from itnio_core.money.prices import Price


def plan_of(numbers: list[str], names: list[str], content: str):
    frame = pd.DataFrame({"Phone": numbers, "客户姓名": names})
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, len(numbers) + 2),
            "raw": numbers,
            "number": numbers,
            "verdict": "ok",
            "reason": "",
        }
    )
    return plan_campaign(frame, verdicts, content)


def book(*rows: tuple[str, str, str], learned: dict[int, Learned] | None = None) -> PriceBook:
    prices = [Price(p, op, "", Decimal(v), "USD") for p, op, v in rows]
    return PriceBook(prices, learned or {}, "USD")


def test_parts_come_from_each_personalised_message_not_the_template() -> None:
    long_name = "x" * 160  # "Hi " + 160 + "!" > 160: two parts for this row only
    plan = plan_of(["447700900001", "447700900002"], ["Al", long_name], "Hi {客户姓名}!")
    est = estimate_plan(plan, book(("44", "", "0.035")))
    (uk,) = est.by_country
    assert (uk.calling_code, uk.recipients, uk.parts) == (44, 2, 3)
    assert est.total == Decimal("0.105") and est.currency == "USD" and not est.lower_bound
    # The template's own characters ({客户姓名} would force UCS-2) are never counted.
    explained = explain_plan(plan)
    assert explained.distribution == [(1, 1), (2, 1)]
    assert not explained.chinese and explained.ucs2_messages == 0


def test_countries_without_a_price_are_named_and_the_total_is_a_lower_bound() -> None:
    numbers = ["919876543210", "919876543211", "447700900001", "4915112345678"]
    plan = plan_of(numbers, ["A", "B", "C", "D"], "Hello {客户姓名}")
    est = estimate_plan(plan, book(("91", "", "0.005"), ("44", "", "0.035")))
    assert est.lower_bound
    assert [c.calling_code for c in est.unknown] == [49]
    assert est.total == Decimal("0.045")  # 2 x 0.005 + 1 x 0.035, Germany unknown
    data = est.to_json()
    assert data["total"] == "0.045" and data["currency"] == "USD"
    assert data["unknown_countries"] == [
        {"calling_code": 49, "country": "DE", "name": "Germany (+49)"}
    ]
    assert {c["country"] for c in data["by_country"]} == {"IN", "GB", "DE"}


def test_a_longer_prefix_wins_and_operator_prices_quote_the_dearest() -> None:
    numbers = ["919876543210", "918123456789", "8613800138000"]
    plan = plan_of(numbers, ["A", "B", "C"], "Hi")
    prices = book(
        ("91", "", "0.005"),
        ("9198", "", "0.007"),
        ("86", "460-00", "0.02"),
        ("86", "460-01", "0.03"),
    )
    est = estimate_plan(plan, prices)
    by = {c.calling_code: c for c in est.by_country}
    assert by[91].cost == Decimal("0.012") and (by[91].cheapest, by[91].price) == (
        Decimal("0.005"),
        Decimal("0.007"),
    )
    assert by[86].price == Decimal("0.03") and by[86].source == "operators"


def test_a_learned_price_fills_a_country_the_list_lacks() -> None:
    when = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    seen = {49: Learned(49, Decimal("0.0045"), "USD", when, "otp_record")}
    plan = plan_of(["4915112345678"], ["A"], "Hi")
    est = estimate_plan(plan, book(learned=seen))
    (de,) = est.by_country
    assert (de.source, de.price, de.observed_at) == ("learned", Decimal("0.0045"), when)
    assert not est.lower_bound and est.total == Decimal("0.0045")


def test_the_explanation_names_ucs2_characters_and_summarises_chinese() -> None:
    numbers = [f"4477009000{i:02d}" for i in range(5)]
    euro = plan_of(numbers[:2], ["A", "B"], "Price: 5€ {客户姓名}")
    lines = explain_plan(euro).lines("en")
    assert lines[0] == "2 messages of 1 part."
    assert "count double in GSM-7: `€`" in lines[-1]
    chinese = plan_of(
        numbers, ["王", "李", "张", "赵", "刘"], "你好{客户姓名}，欢迎光临我们的商店😀"
    )
    explained = explain_plan(chinese)
    assert explained.chinese and explained.forcing == ("😀",)
    text = " ".join(explained.lines("en"))
    assert "Chinese text: up to 70 characters per part" in text
    assert "你" not in text  # the Chinese characters are not listed one by one
    assert "中文短信：每段最多 70 个字符" in " ".join(explained.lines("zh"))


def test_money_text_keeps_small_prices_and_rounds_totals_to_cents() -> None:
    assert money_text(Decimal("178.71")) == "178.71"
    assert money_text(Decimal("0.0045")) == "0.0045"
    assert money_text(Decimal("12345.6")) == "12,345.60"
