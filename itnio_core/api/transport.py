"""How a call travels: the HTTP sessions, and what an answer (or its absence) means.

``parse_answer`` turns an HTTP response into the decoded answer or a typed error: an
HTTP error status or unreadable JSON is a ``TransportError`` (the request reached the
server), a non-zero ``status`` is the status table's error (``status_codes.error_for``).
``transport_error`` says whether a failed request may have reached the server, the one
fact the retry policy (``ItnioClient._may_retry``) decides by.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_netrc_auth, guess_json_utf

from ..common import (
    CONNECTION_BROKEN,
    HTTP_ERROR,
    NO_ANSWER,
    NOT_CONNECTED,
    UNREADABLE,
    TransportError,
)
from . import status_codes as sc

_guess_json_utf: Callable[[bytes], str | None] = guess_json_utf  # untyped in the stubs


def new_session() -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def transport_error(exc: requests.RequestException, is_read: bool) -> TransportError:
    reached = not _certainly_not_sent(exc)
    if isinstance(exc, requests.Timeout) and reached:
        kind, en = NO_ANSWER, "The platform did not answer in time."
        zh = "平台未在规定时间内响应。"
    elif reached:
        kind, en = (
            CONNECTION_BROKEN,
            "The connection to the platform broke while waiting for its answer.",
        )
        zh = "等待平台响应时连接中断。"
    else:
        kind = NOT_CONNECTED
        en = "Could not connect to the platform. Check the internet connection and the API address."
        zh = "无法连接到平台。请检查网络连接和 API 地址。"
    if reached and not is_read:
        en += (
            " The request may have been processed: check the delivery report before "
            "sending again, so nobody gets the message twice."
        )
        zh += " 请求可能已被处理:再次发送前请先查看发送报告,以免重复发送。"
    return TransportError(en, message_zh=zh, may_have_reached_server=reached, kind=kind)


def _certainly_not_sent(exc: requests.RequestException) -> bool:
    """True only when no byte of the request can have reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.ReadTimeout):
        text = repr(exc.args[0]) if exc.args else ""
        return any(
            s in text
            for s in (
                "NewConnectionError",
                "NameResolutionError",
                "ConnectionRefusedError",
                "Failed to establish",
            )
        )
    return isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema)


def parse_answer(
    resp: requests.Response, endpoint: str, is_read: bool
) -> tuple[Mapping[str, Any], str]:
    """The answer decoded, and its text (decoded once, as ``Response.json`` would)."""
    if resp.status_code != 200:
        server_side = resp.status_code >= 500
        en = f"The platform answered with an HTTP error ({resp.status_code}) instead of a result."
        if resp.status_code == 404:
            en += " Check the API address in Settings."
        elif server_side:
            en += " It may be busy; try again in a few minutes."
        zh = f"平台返回了 HTTP 错误({resp.status_code}),而不是结果。"
        raise TransportError(
            en,
            message_zh=zh,
            may_have_reached_server=True,
            http_status=resp.status_code,
            kind=HTTP_ERROR,
            raw=resp.text[:500],
        )
    try:
        text = _text_of(resp)
        answer = json.loads(text)
    except ValueError:  # including UnicodeDecodeError
        text, answer = "", None
    if not isinstance(answer, Mapping):
        raise TransportError(
            "The platform's answer could not be read (it was not the expected JSON).",
            message_zh="无法解析平台的响应(不是预期的 JSON)。",
            may_have_reached_server=True,
            http_status=200,
            kind=UNREADABLE,
            raw=resp.text[:500],
        )
    code = _status_of(answer)
    if code != 0:
        raise sc.error_for(endpoint, code, str(answer.get("reason", "")), raw=dict(answer))
    return answer, text


def _text_of(resp: requests.Response) -> str:
    """The body as text, decoded as ``Response.json`` decodes it (never by guessing from
    the whole body, which ``Response.text`` does when the headers name no charset)."""
    content = resp.content
    encoding = resp.encoding or _guess_json_utf(content) or "utf-8"
    return content.decode(encoding)


def _status_of(answer: Mapping[str, Any]) -> int:
    raw = answer.get("status")
    try:
        return int(str(raw).strip())
    except ValueError:
        return -9999


class KeepAliveSession(requests.Session):
    """A keep-alive session for many calls in a row (a report check's getReport calls).

    Proxy and ``.netrc`` settings from the environment are read once per host
    for the session (a check), not on every call: requests reads them each time,
    a dozen file checks and environment scans per call. (The commas between
    msgIds stay commas: ``ItnioClient.get_report_answer`` writes its own query.)
    """

    def __init__(self, pool: int = 4) -> None:
        super().__init__()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(pool, 1), max_retries=0)
        self.mount("http://", adapter)
        self.mount("https://", adapter)
        self._env: dict[Any, Any] = {}
        self._netrc: dict[str, Any] = {}
        self._env_lock = threading.Lock()

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        if self.trust_env and request.auth is None and self.auth is None:
            scheme, netloc = urlsplit(str(request.url))[:2]
            host = f"{scheme}://{netloc}"
            with self._env_lock:
                if host not in self._netrc:
                    self._netrc[host] = get_netrc_auth(str(request.url)) or _no_auth
                request.auth = self._netrc[host]
        return super().prepare_request(request)

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> Any:
        key = (urlsplit(str(url))[:2], repr(proxies), stream, verify, repr(cert))
        with self._env_lock:
            if key not in self._env:
                self._env[key] = super().merge_environment_settings(
                    url, proxies, stream, verify, cert
                )
            return dict(self._env[key])  # a copy: requests adds to it


def _no_auth(request: Any) -> Any:
    """No credentials: what requests does when .netrc has none for the host."""
    return request
