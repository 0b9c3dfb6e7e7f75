"""The sandbox over HTTP: a stdlib ``ThreadingHTTPServer`` on loopback.

HTTP/1.1 with keep-alive, ``TCP_NODELAY`` on every accepted socket (without
it each keep-alive request stalls ~40 ms on Nagle plus delayed ACKs), a
Content-Length on every answer and no request logging at all.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from .config import reply
from .simulator import (
    BACKFILL,
    BALANCE,
    DELIVER,
    OTP_RECORD,
    OTP_SEND,
    REPORT,
    SEND,
    TOPUP,
    Simulator,
)

MAX_BODY: Final = 16 * 1024 * 1024
STATS_PATH: Final = "/_sandbox/stats"
SNA_PREFIX: Final = "/_sandbox/sna/"
_SLASHES: Final = re.compile(r"/{2,}")
# path -> the one method it answers
ROUTES: Final[dict[str, str]] = {
    SEND: "POST",
    REPORT: "GET",
    BALANCE: "GET",
    BACKFILL: "POST",
    OTP_SEND: "POST",
    OTP_RECORD: "POST",
}
# The sandbox's control surface: signed like the API, not counted in its stats.
CONTROL_ROUTES: Final[dict[str, str]] = {DELIVER: "POST", TOPUP: "POST"}


class SandboxHTTPServer(ThreadingHTTPServer):
    """Counts accepted connections and how many of them had TCP_NODELAY confirmed."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        super().__init__(address, SandboxHandler)
        self.simulator = simulator
        self.accepted = 0
        self.nodelay_confirmed = 0
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        confirmed = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        with self._open_lock:
            self.accepted += 1
            self.nodelay_confirmed += int(confirmed)
            self._open.add(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End idle keep-alive connections so their threads finish."""
        with self._open_lock:
            open_now = list(self._open)
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def connection_counts(self) -> dict[str, int]:
        with self._open_lock:
            return {"accepted": self.accepted, "nodelay": self.nodelay_confirmed}


def normalise_path(raw: str) -> str:
    """``/sms//getReport/`` → ``/sms/getReport``."""
    path = _SLASHES.sub("/", urlsplit(raw).path) or "/"
    return path.rstrip("/") or "/"


def parse_json_object(data: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ITNIO-Sandbox/1.0"
    sys_version = ""
    timeout = 300  # idle keep-alive connections close after five minutes
    wbufsize = -1  # buffered: headers and body leave in one write (flushed per request)

    def handle_expect_100(self) -> bool:
        """curl waits for ``100 Continue`` before a large body: send it now, not buffered."""
        answered = super().handle_expect_100()
        self.wfile.flush()
        return answered

    def log_message(self, format: str, *args: Any) -> None:
        """Silence: no request lines on stderr (they would carry query strings)."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    @property
    def _simulator(self) -> Simulator:
        server = self.server
        assert isinstance(server, SandboxHTTPServer)
        return server.simulator

    def _read_body(self) -> bytes | None:
        """The request body; None (and the connection closes) when it cannot be read."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length", "0").strip() or "0"
        if not length_text.isdigit() or int(length_text) > MAX_BODY:
            return None
        return self.rfile.read(int(length_text))

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                return None
            total += size
            if total > MAX_BODY:
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _handle(self, method: str) -> None:
        body = self._read_body()
        if body is None:
            self.close_connection = True
            self._send(400, {"status": 400, "error": "Bad Request", "path": self.path})
            return
        try:
            status, payload = self._route(method, body)
        except Exception as exc:  # a sandbox bug: say so loudly, never hide it as -18
            status, payload = 500, reply("-18", f"sandbox internal error: {type(exc).__name__}")
        self._send(status, payload)

    def _route(self, method: str, body: bytes) -> tuple[int, dict[str, Any]]:
        path = normalise_path(self.path)
        sim = self._simulator
        if path == STATS_PATH and method == "GET":
            server = self.server
            assert isinstance(server, SandboxHTTPServer)
            return 200, {
                "numbers": sim.seen_counts(),
                "requests": sim.request_counts(),
                "connections": server.connection_counts(),
            }
        if path.startswith(SNA_PREFIX) and method == "GET":
            ok = sim.open_sna_link(path[len(SNA_PREFIX) :])
            return (200, reply("0")) if ok else (404, reply("-22", "unknown or failed SNA link"))
        allowed = ROUTES.get(path) or CONTROL_ROUTES.get(path)
        if allowed is None:
            return 404, {"status": 404, "error": "Not Found", "path": path}
        if method != allowed:
            return 405, {"status": 405, "error": "Method Not Allowed", "path": path}
        if path in ROUTES:
            sim.count_request(path)
        refused = sim.authenticate(
            self.headers.get("Api-Key"), self.headers.get("Timestamp"), self.headers.get("Sign")
        )
        if refused is not None:
            return 200, refused
        if path == DELIVER:
            return 200, sim.deliver_now()
        if path == TOPUP:
            return 200, sim.top_up(parse_json_object(body))
        return 200, self._call(path, body)

    def _call(self, path: str, body: bytes) -> dict[str, Any]:
        sim = self._simulator
        if path == REPORT:
            query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            return sim.get_report(
                query.get("appId", [None])[0], ",".join(query.get("msgIds", [])) or None
            )
        if path == BALANCE:
            return sim.get_balance()
        if path == SEND and sim.config.send_latency > 0:
            time.sleep(sim.config.send_latency)  # outside the lock: other requests go on
        handlers: dict[str, Callable[[dict[str, Any] | None], dict[str, Any]]] = {
            SEND: sim.send_batch,
            BACKFILL: sim.backfill,
            OTP_SEND: sim.send_otp,
            OTP_RECORD: sim.otp_record,
        }
        return handlers[path](parse_json_object(body))

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
