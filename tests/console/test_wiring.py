"""The app's own sandbox takes its port and delivery delay from ``ITNIO_SANDBOX_*``.

One sandbox serves a whole process and the test session already started its own,
so the first start is checked in a fresh interpreter, outside the checkout.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from tests.paths import subprocess_env

SCRIPT = """
import json
from itnio_core.api.models import BatchItem
from itnio_core.console import open_console

console = open_console()
sent = console.client.send_batch([BatchItem(("447911123456", "447911123459"), "Hi")])
ids = [m.msg_id for m in sent.messages]
before = console.client.get_report(ids)
released = console.sandbox.simulator.deliver_now()
after = console.client.get_report(ids)
print(json.dumps({
    "mode": console.mode,
    "base_url": console.settings.base_url,
    "before": [before.sending, before.success, before.fail],
    "released": released["sms"],
    "after": [after.sending, after.success, after.fail],
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sandbox_mode_listens_on_the_chosen_port_and_holds_deliveries(
    tmp_path: Path, database: str
) -> None:
    port = free_port()
    env = subprocess_env(  # no other ITNIO_* setting: tests/conftest.py removed them
        ITNIO_DATABASE_URL=database,
        ITNIO_SANDBOX_PORT=str(port),
        ITNIO_SANDBOX_DELIVERY_DELAY="held",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["mode"] == "sandbox" and seen["base_url"] == f"http://127.0.0.1:{port}"
    assert seen["before"] == [2, 0, 0]  # held: still sending, however long that took
    assert seen["released"] == 2
    assert seen["after"] == [0, 1, 1]  # ...447911123459 ends in 9: it fails
