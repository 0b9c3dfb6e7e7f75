"""A web server restarted in the middle of a send finishes the campaign, with no browser ever
opened: the server starts the background work itself. Stopped with SIGTERM, it answers what
it has in the air first; killed with ``kill -9``, what was in the air becomes "unknown" (it
reached the platform, nobody knows the answer) and is never sent again. No number is ever
accepted twice.

The platform is the sandbox in this process, slowed, behind a gate: the first requests are
answered, the next ones held, so the server is stopped with requests done, in the air and
still pending, without racing a timer.
"""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from itnio_core.campaigns import INTERRUPTED, standing
from itnio_core.campaigns import store as cs
from itnio_core.sandbox import RunningSandbox, SandboxConfig, start_sandbox
from itnio_core.store.engine import Store
from itnio_core.worker import liveness
from tests.processes import launcher, live_env, upgrade, wait_healthy
from tests.waiting import wait_until
from tests.worker.campaigns import NUMBERS_PER_REQUEST, confirmed_campaign, finished
from tests.worker.campaigns import request_states as states
from tests.worker.gates import Gate

REQUESTS = 10
ANSWERED_FIRST = 2  # then the server's four sending threads each wait on one request
IN_THE_AIR = 4  # Sender.max_in_flight
# Streamlit ends by raising SIGTERM again once it has shut down (the lifespan's end included).
CLEAN_EXIT = (0, -signal.SIGTERM)
SEND_MAX_S = 300.0  # bound on the rest of the send after a restart; it takes seconds


@pytest.fixture
def platform() -> Iterator[RunningSandbox]:
    config = SandboxConfig(send_latency=0.2, starting_balance=Decimal("1000000"))
    with start_sandbox(config) as sandbox:
        yield sandbox


def server_env(tmp_path: Path, database_url: str, platform: RunningSandbox) -> dict[str, str]:
    # A short lease, so a request a killed server left in the air is called unknown soon
    # after the restart; a long read timeout, so a held request is never given up on.
    return live_env(tmp_path, database_url, platform.url,
                    ITNIO_SEND_LEASE_SECONDS="2", ITNIO_READ_TIMEOUT="600")  # fmt: skip


@pytest.mark.parametrize("stop", ["SIGTERM", "kill -9"])
def test_a_server_restarted_mid_send_finishes_the_campaign(
    tmp_path: Path, own_folder_and_database: str, platform: RunningSandbox, stop: str
) -> None:
    env = server_env(tmp_path, own_folder_and_database, platform)
    upgrade(tmp_path, env)
    store = Store(own_folder_and_database)
    campaign_id = confirmed_campaign(store, REQUESTS)
    gate = Gate(platform.simulator, "send_batch", allow=ANSWERED_FIRST)

    with launcher(tmp_path, env) as launch:
        first = launch.server()
        wait_until(
            lambda: gate.held == IN_THE_AIR and states(store, campaign_id).get("done") == 2,
            "two requests answered and four in the air",
        )
        assert states(store, campaign_id) == {"done": 2, "in_flight": 4, "pending": 4}
        if stop == "SIGTERM":
            first.signal(signal.SIGTERM)
            gate.open()  # the platform answers: a clean stop waits for what is in the air
            assert first.wait() in CLEAN_EXIT, first.output()
            assert "in_flight" not in states(store, campaign_id)
            assert not liveness(store).running  # it said it stopped
        else:
            first.kill()
            gate.open()  # the held requests reach the platform; nobody reads the answers
            wait_until(lambda: gate.answered == ANSWERED_FIRST + IN_THE_AIR, "held sends taken")
            assert states(store, campaign_id)["in_flight"] == IN_THE_AIR

        second = launch.server()
        wait_healthy(second)
        wait_until(lambda: finished(store, campaign_id), "the campaign finished",
                   timeout=SEND_MAX_S)  # fmt: skip
        assert second.stop() in CLEAN_EXIT, second.output()

    accepted = platform.simulator.seen_counts()
    total = REQUESTS * NUMBERS_PER_REQUEST
    assert len(accepted) == total and set(accepted.values()) == {1}  # every one, once
    where = standing.count(store, campaign_id)
    if stop == "SIGTERM":
        assert where.accepted == total and not where.unknown
        assert states(store, campaign_id) == {"done": REQUESTS}
    else:
        unknown = IN_THE_AIR * NUMBERS_PER_REQUEST  # accepted by the platform, answer lost
        assert where.accepted == total - unknown
        assert where.unknown == Counter({(INTERRUPTED, None): unknown})
        assert states(store, campaign_id) == {"done": REQUESTS - IN_THE_AIR, "unknown": 4}
    assert cs.progress(store, campaign_id).pending == 0
