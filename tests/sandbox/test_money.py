"""The sandbox plays along with money, over real HTTP: a price per country, the balance
going down per part sent, -10 with nothing sent when it runs out, and a top-up."""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.api.signing import signed_headers
from itnio_core.common import ApiStatusError
from itnio_core.sandbox import DEFAULT_API_KEY, DEFAULT_API_SECRET, SandboxConfig, start_sandbox
from itnio_core.sandbox.config import parse_prices


def test_each_country_pays_its_price_per_part_and_running_out_is_minus_10() -> None:
    config = SandboxConfig(
        starting_balance=Decimal("1.00"),
        prices=parse_prices("44=0.04, 4479=0.05, 91=0.005"),
    )
    with start_sandbox(config) as sb:
        client = ItnioClient(sb.client_settings(), sleep=lambda _s: None)
        two_parts = "x" * 200  # GSM-7: 2 parts
        client.send_batch([BatchItem(("447811000001",), two_parts, "")])  # 2 x 0.04
        client.send_batch([BatchItem(("447911000001", "919812300001"), "Hi", "")])  # .05+.005
        client.send_batch([BatchItem(("4915112345678",), "Hi", "")])  # default 0.005
        assert client.get_balance().balance == "0.8600"
        with pytest.raises(ApiStatusError) as refused:
            client.send_batch([BatchItem(tuple(f"44781100{i:04d}" for i in range(30)), "Hi", "")])
        assert refused.value.status == -10
        assert client.get_balance().balance == "0.8600"  # nothing sent, nothing charged
        headers = signed_headers(DEFAULT_API_KEY, DEFAULT_API_SECRET)
        answer = requests.post(
            f"{sb.url}/sandbox/topup", json={"amount": "0.50"}, headers=headers, timeout=30
        ).json()
        assert answer == {"status": "0", "reason": "success", "balance": "1.3600"}
        client.send_batch([BatchItem(tuple(f"44781100{i:04d}" for i in range(30)), "Hi", "")])
        assert client.get_balance().balance == "0.1600"
        unsigned = requests.post(f"{sb.url}/sandbox/topup", json={"amount": "5"}, timeout=30)
        assert unsigned.json()["status"] == "-1"  # signed like every call
        assert sb.simulator.balance == Decimal("0.1600")


def test_bad_prices_are_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="PREFIX=PRICE"):
        parse_prices("44:0.03")
