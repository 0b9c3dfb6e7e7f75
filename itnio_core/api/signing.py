"""Request signing exactly as the ITNIO documents describe it.

Every call carries ``Api-Key``, ``Timestamp`` (epoch seconds) and
``Sign = md5(apiKey + apiSecret + timestamp)`` in lowercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
import time

CONTENT_TYPE = "application/json;charset=UTF-8"


def sign(api_key: str, api_secret: str, timestamp: int | str) -> str:
    """The documented signature: lowercase hex md5 of key + secret + timestamp."""
    raw = f"{api_key}{api_secret}{timestamp}".encode()
    return hashlib.md5(raw).hexdigest()


def signed_headers(api_key: str, api_secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers for one request; the timestamp is taken fresh unless given."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "Content-Type": CONTENT_TYPE,
        "Api-Key": api_key,
        "Timestamp": str(ts),
        "Sign": sign(api_key, api_secret, ts),
    }


def verify(api_key: str, api_secret: str, timestamp: str, given_sign: str) -> bool:
    """Constant-time check of a received signature (used by the sandbox)."""
    expected = sign(api_key, api_secret, timestamp)
    return hmac.compare_digest(expected, given_sign.strip().lower())
