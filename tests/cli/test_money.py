"""``prices import|list``, the estimate in ``send --dry-run --json``, and a ``send`` whose
estimate is over balance + credit: refused, nothing stored or sent."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest

from itnio_core.access import audit
from itnio_core.campaigns import store as cs
from itnio_core.cli.main import main
from itnio_core.console.wiring import shared_sandbox
from itnio_core.store.engine import Store


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def env(tmp_path, sandbox_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prices.csv").write_text(
        "Country,Code,Price\nIndia,91,0.005\nUnited Kingdom,44,0.035\nAtlantis,,0.01\n"
    )
    (tmp_path / "list.csv").write_text(
        "Name,Phone\n" + "".join(f"N{i},9198123{i:05d}\n" for i in range(400))
    )
    return sandbox_env


def test_prices_import_gives_every_row_a_verdict_and_list_shows_them(env) -> None:
    code, text = run("prices", "import", "prices.csv", "--json")
    assert code == 0
    answer = json.loads(text)
    assert (answer["ok"], answer["invalid"], answer["changed"]) == (2, 1, 2)
    assert answer["problems"][0]["row"] == 4 and "Atlantis" in answer["problems"][0]["reason"]
    code, text = run("prices", "list", "--json")
    assert [(p["prefix"], p["price"]) for p in json.loads(text)] == [
        ("44", "0.035"),
        ("91", "0.005"),
    ]
    store = Store(env)
    assert len(audit.entries(store, actions=[audit.PRICE_CHANGE])) == 2
    store.close()


def test_dry_run_json_has_the_estimate(env) -> None:
    run("prices", "import", "prices.csv")
    code, text = run("send", "list.csv", "--content", "Hi {Name}", "--dry-run", "--json")
    assert code == 0
    estimate = json.loads(text)["estimate"]
    assert estimate["total"] == "2.00" and estimate["currency"] == "USD"
    assert estimate["unknown_countries"] == [] and not estimate["lower_bound"]
    (india,) = estimate["by_country"]
    assert (india["country"], india["recipients"], india["parts"]) == ("IN", 400, 400)


def test_a_send_over_the_balance_exits_non_zero_with_the_shortfall(env, capsys) -> None:
    run("prices", "import", "prices.csv")
    shared_sandbox().simulator.top_up({"balance": "1.50"})
    code, _text = run("send", "list.csv", "--content", "Hi {Name}")
    assert code == 1
    err = capsys.readouterr().err
    assert "estimated at 2.00 USD" in err and "It is 0.50 USD short" in err
    assert "Top up" in err
    store = Store(env)
    assert cs.list_campaigns(store, include_drafts=True) == []  # nothing stored
    store.close()
    assert shared_sandbox().simulator.seen_counts() == {}  # nothing sent
    assert shared_sandbox().simulator.balance == Decimal("1.50")


def test_running_out_mid_send_waits_for_a_top_up_and_resume_sends_the_rest_once(
    env, tmp_path, capsys
) -> None:
    (tmp_path / "big.csv").write_text(
        "Name,Phone\n" + "".join(f"N{i},9198124{i:05d}\n" for i in range(1500))
    )
    sandbox = shared_sandbox().simulator
    # 0.005 a part: the requests of 1,000 and 500 are in the air together, so whichever
    # arrives second finds too little left (6.00 - 5.00, or 6.00 - 2.50 against 5.00).
    sandbox.top_up({"balance": "6.00"})
    code, _ = run("send", "big.csv", "--content", "Hi {Name}", "--yes")  # no price list
    assert code == 1
    err = capsys.readouterr().err
    assert "Waiting for a top-up" in err
    said = re.search(r"([\d,]+) recipients were sent; ([\d,]+) wait", err)
    assert said, err
    sent, wait = (int(n.replace(",", "")) for n in said.groups())
    assert (sent, wait) in {(1000, 500), (500, 1000)}
    assert len(sandbox.seen_counts()) == sent
    store = Store(env)
    (campaign,) = cs.list_campaigns(store)
    store.close()
    code, text = run("campaign", "show", str(campaign.id))
    assert code == 0 and "Waiting for a top-up" in text
    sandbox.top_up({"amount": "5"})
    code, _ = run("campaign", "resume", str(campaign.id), "--wait")
    assert code == 0
    seen = sandbox.seen_counts()
    assert len(seen) == 1500 and set(seen.values()) == {1}
