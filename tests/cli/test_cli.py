"""The command line: in-process for speed, and as ``python -m itnio_core`` in a subprocess."""

from __future__ import annotations

import getpass
import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.cli.main import main
from itnio_core.common.config import Settings
from itnio_core.store.engine import Store
from tests.paths import subprocess_env


@pytest.fixture
def db_url(sandbox_env):
    return sandbox_env


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_balance_readable_and_json(db_url, capsys):
    code, text = run("balance")
    assert code == 0 and text.startswith("Balance: ")
    assert "Sandbox mode" in capsys.readouterr().err
    code, text = run("balance", "--json")
    assert code == 0 and json.loads(text)["status"] == "0"


def test_send_then_report_then_backfill(db_url):
    code, text = run("send", "--numbers", "919812345670,919812345671", "--content", "Hi", "--json")
    assert code == 0
    answer = json.loads(text)
    assert answer["success"] == "2"
    ids = [m["msgId"] for m in answer["array"]]
    code, text = run("report", ",".join(ids))
    assert code == 0 and "Still sending: 2" in text and ids[0] in text
    code, text = run("backfill", "--msgid", ids[0], "--number", "919812345670")
    assert code == 0 and "Conversion reported" in text
    calls = Store(db_url).recent_calls()
    assert [c.endpoint for c in calls] == ["backfill", "report", "send"]
    # With no users in secrets.toml the command line acts as the computer's user, by name.
    assert {c.user for c in calls} == {getpass.getuser()}


def test_otp_send_and_record(db_url):
    code, text = run(
        "otp", "send", "--to", "919812345672", "--channel", "sna", "--order-id", "cli-order-1"
    )
    assert code == 0 and "SNA link: http" in text
    assert re.search(r"Sent code \d{6} ", text)
    code, text = run("otp", "record", "cli-order-1", "--json")
    data = json.loads(text)["data"]
    assert data["verifications"]["channel"] == "sna" and len(data["sna"]) == 1
    code, text = run("otp", "record", "cli-order-1")
    assert "Order cli-order-1" in text and "1 SNA" in text


def test_errors_exit_nonzero_with_plain_words(db_url, capsys):
    code, _ = run("send", "--numbers", "919812345673", "--content", "casino night")
    err = capsys.readouterr().err
    assert code == 1 and "Error: The message contains words" in err
    assert "Traceback" not in err
    code, _ = run("send", "--numbers", "919812345673", "--content", "x" * 1025)
    assert code == 1 and "limit is 1024" in capsys.readouterr().err


def test_usage_errors_exit_2(db_url):
    with pytest.raises(SystemExit) as info:
        main(["otp", "send"])
    assert info.value.code == 2


def test_module_runs_as_a_subprocess(db_url, tmp_path):
    env = subprocess_env(ITNIO_DATABASE_URL=db_url)
    proc = subprocess.run(
        [sys.executable, "-m", "itnio_core", "balance", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "0"


def test_sandbox_command_serves_on_loopback_with_given_credentials(tmp_path):
    env = subprocess_env(PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "itnio_core",
            "sandbox",
            "--port",
            "0",
            "--api-key",
            "myKey",
            "--api-secret",
            "mySecret",
            "--sms-app-id",
            "mySms",
            "--otp-app-id",
            "myOtp",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            url = found.group(0) if found else None
        assert url, "the sandbox did not print its address"
        settings = Settings(
            api_key="myKey",
            api_secret="mySecret",
            sms_app_id="mySms",
            otp_app_id="myOtp",
            base_url=url,
        )
        assert ItnioClient(settings).get_balance().balance
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


@pytest.mark.parametrize(
    ("given", "delay"),
    [([], 3.0), (["--delivery-delay", "held"], None), (["--delivery-delay", "0.5"], 0.5)],
)
def test_sandbox_command_takes_a_delivery_delay_or_held(monkeypatch, given, delay):
    import itnio_core.sandbox as sandbox_package

    served = []
    monkeypatch.setattr(
        sandbox_package, "serve_forever", lambda config, **where: served.append((config, where))
    )
    assert main(["sandbox", "--port", "0", *given], out=io.StringIO()) == 0
    [(config, where)] = served
    assert config.delivery_delay == delay and where == {"host": "127.0.0.1", "port": 0}


def test_sandbox_command_refuses_a_delay_that_is_not_seconds_or_held(capsys):
    with pytest.raises(SystemExit) as info:
        main(["sandbox", "--delivery-delay", "soon"])
    assert info.value.code == 2 and "'held'" in capsys.readouterr().err


@pytest.mark.parametrize(("given", "latency"), [([], 0.0), (["--send-latency", "0.5"], 0.5)])
def test_sandbox_command_takes_a_send_latency(monkeypatch, given, latency):
    import itnio_core.sandbox as sandbox_package

    served = []
    monkeypatch.setattr(
        sandbox_package, "serve_forever", lambda config, **where: served.append(config)
    )
    assert main(["sandbox", "--port", "0", *given], out=io.StringIO()) == 0
    assert [config.send_latency for config in served] == [latency]


@pytest.mark.parametrize("given", ["-1", "soon", "nan"])
def test_sandbox_command_refuses_a_send_latency_that_is_not_seconds(capsys, given):
    with pytest.raises(SystemExit) as info:
        main(["sandbox", "--send-latency", given])
    assert info.value.code == 2 and "must be seconds" in capsys.readouterr().err
