"""Retry and unknown-outcome rules, against small misbehaving loopback servers.

A send that may have reached the server is never repeated; reads are
retried; a connection that was never made is retried for both.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from itnio_core.api.client import READ_RETRIES, ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.common.config import Settings
from itnio_core.common.errors import TransportError
from tests.waiting import wait_until

HANG_MAX_S = 60  # a hanging answer never comes; released when the test ends


class Misbehaving(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, behaviour: str) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.behaviour = behaviour
        self.hits = 0
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Misbehaving

    def log_message(self, *args: object) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.hits += 1
        behaviour = self.server.behaviour
        if behaviour == "hang":
            self.server.release.wait(HANG_MAX_S)  # the client's timeout ends the wait first
            self.close_connection = True
            return
        if behaviour == "reset":
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.connection.close()
            self.close_connection = True
            return
        code, body = {
            "html": (502, b"<html>Bad gateway</html>"),
            "notjson": (200, b"<html>maintenance</html>"),
            "notfound": (404, b"no"),
        }[behaviour]
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _any


@pytest.fixture
def server(request) -> Iterator[Misbehaving]:
    srv = Misbehaving(request.param)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


def client_for(url: str) -> tuple[ItnioClient, list[float]]:
    sleeps: list[float] = []
    settings = Settings(
        api_key="k",
        api_secret="s",
        sms_app_id="a",
        otp_app_id="o",
        base_url=url,
        connect_timeout=1.0,
        read_timeout=0.5,
    )
    return ItnioClient(settings, sleep=sleeps.append), sleeps


SEND = [BatchItem(("919812345670",), "hi")]


@pytest.mark.parametrize("server", ["hang", "reset"], indirect=True)
def test_send_with_unknown_outcome_is_never_retried(server):
    client, sleeps = client_for(server.url)
    with pytest.raises(TransportError) as info:
        client.send_batch(SEND)
    assert info.value.may_have_reached_server
    assert "may have been processed" in info.value.user_message
    wait_until(lambda: server.hits >= 1, "the server counted the request")  # its own thread
    assert server.hits == 1 and sleeps == []


@pytest.mark.parametrize("server", ["hang", "reset"], indirect=True)
def test_reads_are_retried(server):
    client, sleeps = client_for(server.url)
    with pytest.raises(TransportError) as info:
        client.get_report(["1"])
    assert info.value.may_have_reached_server
    wait_until(lambda: server.hits >= 1 + READ_RETRIES, "the server counted every attempt")
    assert server.hits == 1 + READ_RETRIES and len(sleeps) == READ_RETRIES


def test_refused_connection_is_retried_even_for_a_send():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here now
    client, sleeps = client_for(f"http://127.0.0.1:{port}")
    with pytest.raises(TransportError) as info:
        client.send_batch(SEND)
    assert not info.value.may_have_reached_server
    assert "Could not connect" in info.value.user_message
    assert len(sleeps) == READ_RETRIES


@pytest.mark.parametrize("server", ["html"], indirect=True)
def test_http_error_page_is_a_clear_error_and_a_send_is_not_repeated(server):
    client, _ = client_for(server.url)
    with pytest.raises(TransportError) as info:
        client.send_batch(SEND)
    assert info.value.http_status == 502 and "HTTP error (502)" in info.value.user_message
    assert server.hits == 1


@pytest.mark.parametrize("server", ["notjson"], indirect=True)
def test_non_json_answer_is_a_clear_error(server):
    client, _ = client_for(server.url)
    with pytest.raises(TransportError) as info:
        client.get_balance()
    assert "could not be read" in info.value.user_message


@pytest.mark.parametrize("server", ["notfound"], indirect=True)
def test_404_points_at_the_address_setting(server):
    client, _ = client_for(server.url)
    with pytest.raises(TransportError) as info:
        client.backfill_conversion("1", "2", 3)
    assert "API address" in info.value.user_message and server.hits == 1
