"""The ITNIO documents' own PHP and Python samples, run against the sandbox.

The samples live in ``tests/seed_samples/`` as the documents print them,
except that the host reads ``{{SANDBOX_URL}}`` (see the README there). Here
the placeholders become sandbox credentials and values, and each sample must
print a status "0" answer in the documented shape. Without ``php`` (and its
curl extension) the PHP tests are skipped, unless ``CI=true``: then they fail.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from itnio_core.sandbox import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
    RunningSandbox,
    SandboxConfig,
    start_sandbox,
)

SAMPLES = Path(__file__).parent / "seed_samples"
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
VAR_DUMP_RE = re.compile(r'string\((\d+)\) "(.*)"\s*$', re.DOTALL)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    # The samples sign with the real clock; delivery is immediate so reports are final.
    with start_sandbox(SandboxConfig(delivery_delay=0)) as running:
        yield running


@pytest.fixture(scope="module")
def php() -> str:
    """The php binary, with curl; missing → skip, or fail when CI is "true"."""
    binary = shutil.which("php")
    problem = None
    if binary is None:
        problem = "php is not installed (apt-get install -y php-cli php-curl)"
    else:
        check = subprocess.run(
            [binary, "-r", 'exit(function_exists("curl_init") ? 0 : 1);'],
            capture_output=True,
            timeout=30,
        )
        if check.returncode != 0:
            problem = "php has no curl extension (apt-get install -y php-curl)"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {problem}")
        pytest.skip(problem)
    assert binary is not None
    return binary


def fill(name: str, sandbox: RunningSandbox, values: dict[str, str]) -> str:
    """The sample's text with the host, credentials and ``{{...}}`` placeholders filled in."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    replacements = {
        "{{SANDBOX_URL}}": sandbox.url,
        "your api key": DEFAULT_API_KEY,
        "your api secret": DEFAULT_API_SECRET,
        "your appid": DEFAULT_SMS_APP_ID,
        **{"{{" + key + "}}": value for key, value in values.items()},
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    leftover = re.findall(r"\{\{\w+\}\}", text)
    assert not leftover, f"unfilled placeholders in {name}: {leftover}"
    return text


def run_php(php: str, name: str, sandbox: RunningSandbox, tmp_path: Path, **values: str) -> Any:
    """Run one PHP sample; returns the JSON its ``var_dump($output)`` printed."""
    script = tmp_path / name
    # The documents print the code without the opening tag that PHP needs.
    script.write_text("<?php\n" + fill(name, sandbox, values), encoding="utf-8")
    done = subprocess.run([php, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    match = VAR_DUMP_RE.search(done.stdout)
    assert match, f"no string(...) in the output of {name}: {done.stdout!r} {done.stderr!r}"
    raw = match.group(2)
    assert len(raw.encode()) == int(match.group(1))
    return json.loads(raw)


def php_send(php: str, sandbox: RunningSandbox, tmp_path: Path) -> Any:
    return run_php(php, "send_sms_batch.php", sandbox, tmp_path)


def test_python_get_report_sample(sandbox: RunningSandbox, tmp_path: Path) -> None:
    script = tmp_path / "get_report.py"
    script.write_text(
        fill("get_report.py", sandbox, {"appId": DEFAULT_SMS_APP_ID, "msgIds": "1"}),
        encoding="utf-8",
    )
    before = sandbox.simulator.request_counts().get("/sms/getReport", 0)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == sandbox.url + "/sms//getReport"  # the sample's double slash, as written
    answer = ast.literal_eval(lines[-1])  # the sample prints the dict, not JSON
    # Its msgIds are phone numbers (8613000000000,...): no such messages.
    assert answer == {
        "status": "0", "reason": "success", "success": "0", "fail": "0", "sending": "0",
        "nofound": "2", "array": [],
    }  # fmt: skip
    assert sandbox.simulator.request_counts()["/sms/getReport"] == before + 1


def test_php_send_sms_batch_sample(php: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    answer = php_send(php, sandbox, tmp_path)
    assert answer["status"] == "0" and answer["reason"] == "success"
    assert (answer["success"], answer["fail"]) == ("2", "0")
    assert [(m["number"], m["orderId"]) for m in answer["array"]] == [
        ("91856321412", "56584"),
        ("91856321413", "56585"),
    ]
    assert all(re.fullmatch(r"\d{19}", m["msgId"]) for m in answer["array"])


def test_php_get_report_sample(php: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    sent = php_send(php, sandbox, tmp_path)["array"]
    ids = ",".join(m["msgId"] for m in sent)
    answer = run_php(php, "get_report.php", sandbox, tmp_path, appId=DEFAULT_SMS_APP_ID, msgIds=ids)
    assert answer["status"] == "0"
    assert (answer["success"], answer["fail"], answer["sending"], answer["nofound"]) == (
        "2", "0", "0", "0",
    )  # fmt: skip
    assert [m["msgId"] for m in answer["array"]] == ids.split(",")
    for row in answer["array"]:
        assert set(row) == {"msgId", "number", "receiveTime", "status"}
        assert row["status"] == "0" and ISO_RE.match(row["receiveTime"])


def test_php_backfill_sample(php: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    msg = php_send(php, sandbox, tmp_path)["array"][0]
    answer = run_php(
        php, "backfill.php", sandbox, tmp_path,
        appId=DEFAULT_SMS_APP_ID, msgid=msg["msgId"], number=msg["number"],
        time="1681184764000",
    )  # fmt: skip
    assert answer == {"status": "0", "reason": "success"}
    assert sandbox.simulator.conversions()[msg["msgId"]] == 1681184764.0


def php_send_rule(php: str, sandbox: RunningSandbox, tmp_path: Path, order_id: str) -> Any:
    # The PHP sample sends every field as a string: templateId "1", flowId "".
    return run_php(
        php, "send_rule.php", sandbox, tmp_path,
        appId=DEFAULT_OTP_APP_ID, templateId="1", code="123456", flowId="",
        to="91856321412", channel="sms", orderId=order_id,
    )  # fmt: skip


def test_php_send_rule_sample(php: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    order_id = uuid.uuid4().hex
    answer = php_send_rule(php, sandbox, tmp_path, order_id)
    assert answer["status"] == "0" and answer["reason"] == "success"
    data = answer["data"]
    assert set(data) == {"verificationId", "to", "channel"}
    assert (data["to"], data["channel"]) == ("91856321412", "sms")
    again = php_send_rule(php, sandbox, tmp_path, order_id)
    assert again["status"] == "-22"  # orderId must be globally unique


def test_php_order_record_sample(php: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    order_id = uuid.uuid4().hex
    assert php_send_rule(php, sandbox, tmp_path, order_id)["status"] == "0"
    answer = run_php(
        php, "order_record.php", sandbox, tmp_path, appId=DEFAULT_OTP_APP_ID, orderId=order_id
    )
    assert answer["status"] == "0" and answer["reason"] == "success"
    data = answer["data"]
    assert data["orderId"] == order_id and data["flowId"] == 0
    v = data["verifications"]
    assert v["matched"] == -1 and v["channel"] == "sms" and v["oriReceiver"] == "91856321412"
    assert (len(data["sms"]), data["call"], data["sna"]) == (1, [], [])
    assert data["sms"][0]["status"] == 0 and data["sms"][0]["chargeCnt"] == 1
