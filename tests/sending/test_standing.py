"""A stopped campaign counts every recipient by where it stands: accepted, unknown and why,
refused and with which code, not sent yet; an error answer is never called "no answer"."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from itnio_core.campaigns import standing
from itnio_core.campaigns import store as cs
from itnio_core.common import HTTP_ERROR, NO_ANSWER, UNREADABLE
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending import Sender
from tests.sending.test_sender import client_factory, draft


class Faulty(ThreadingHTTPServer):
    """Answers each send as the next behaviour says: "ok" passes it to the sandbox."""

    daemon_threads = True

    def __init__(self, sandbox_url: str, behaviours: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.sandbox_url = sandbox_url
        self._next = iter(behaviours)
        self._lock = threading.Lock()
        self.release = threading.Event()

    def next_behaviour(self) -> str:
        with self._lock:
            return next(self._next, "ok")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Faulty

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        behaviour = self.server.next_behaviour()
        if behaviour == "hang":
            self.server.release.wait(30)
            self.close_connection = True
            return
        if behaviour == "reset":
            linger = b"\x01\x00\x00\x00\x00\x00\x00\x00"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()
            self.close_connection = True
            return
        if behaviour == "ok":
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            answer = requests.post(self.server.sandbox_url + self.path, data=body,
                                   headers=headers, timeout=10)  # fmt: skip
            code, out = answer.status_code, answer.content
        else:
            code, out = {"500": (500, b"Internal Server Error"), "notjson": (200, b"<html>")}[
                behaviour
            ]
        self.send_response(code)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


@pytest.fixture
def faulty(request, sandbox) -> Iterator[Faulty]:
    srv = Faulty(sandbox.url, list(request.param))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("faulty", [["ok", "500"]], indirect=True)
def test_an_error_answer_is_called_one_and_the_rest_is_counted(store, sandbox, faulty) -> None:
    cid = draft(store, 5000, content="Same text")
    cs.confirm(store, cid, user="ana")
    Sender(store, client_factory(sandbox, base_url=faulty.url), max_in_flight=1).run_until_idle()
    campaign = cs.get(store, cid)
    assert campaign.status == cs.STOPPED
    assert "HTTP error (500)" in campaign.stop_message_en
    assert "did not answer" not in campaign.stop_message_en
    where = standing.count(store, cid)
    assert where.accepted == 1000
    assert dict(where.unknown) == {(HTTP_ERROR, 500): 1000}
    assert where.not_sent == 3000 and where.total == 5000
    lines = where.lines("en")
    assert lines == [
        "1,000 accepted by the platform.",
        "1,000 unknown (1,000: an error answer (HTTP 500)): nobody can tell whether their "
        "messages were sent, so they will not be sent again automatically.",
        "3,000 not sent yet.",
    ]
    assert any("HTTP 500" in line for line in where.lines("zh"))


@pytest.mark.parametrize("faulty", [["500", "hang", "notjson", "reset"]], indirect=True)
def test_four_faults_at_once_are_each_counted(store, sandbox, faulty) -> None:
    cid = draft(store, 4000, content="Same text")
    cs.confirm(store, cid, user="ana")
    client = client_factory(sandbox, base_url=faulty.url, read_timeout=3.0)
    Sender(store, client, max_in_flight=4).run_until_idle(timeout=60)
    where = standing.count(store, cid)
    assert sum(where.unknown.values()) == 4000, where
    assert {why for why, _http in where.unknown} == {
        HTTP_ERROR, NO_ANSWER, UNREADABLE, "connection_broken"
    }  # fmt: skip
    assert all(n == 1000 for n in where.unknown.values())
    text = " ".join(where.lines("en"))
    assert text.startswith("4,000 unknown (")
    assert cs.progress(store, cid).unknown == 4000


def test_a_refusal_names_its_code_and_what_was_sent_before(store) -> None:
    config = SandboxConfig(starting_balance=Decimal("5.00"), price_per_segment=Decimal("0.005"))
    with start_sandbox(config) as sb:
        cid = draft(store, 1500, content="Same text")  # 1000 affordable, then -10
        cs.confirm(store, cid, user="ana")
        Sender(store, client_factory(sb), max_in_flight=1).run_until_idle()
    where = standing.count(store, cid)
    assert (where.accepted, dict(where.refused), where.not_sent) == (1000, {(-10, None): 500}, 0)
    assert where.lines("en")[-1] == "500 refused by the platform (status -10), so not sent."
    assert "状态码 -10" in where.lines("zh")[-1]


def test_counts_add_up_to_the_recipients_in_every_state(store, sandbox) -> None:
    cid = draft(store, 2500, content="Same text")
    cs.confirm(store, cid, user="ana")
    assert standing.count(store, cid).not_sent == 2500
    Sender(store, client_factory(sandbox)).run_until_idle()
    done = standing.count(store, cid)
    assert (done.accepted, done.total) == (2500, 2500)
    assert list(itertools.chain(done.lines("en"))) == ["2,500 accepted by the platform."]
