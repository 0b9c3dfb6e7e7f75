"""OTP helpers: secure codes and unique order ids."""

from __future__ import annotations

import secrets
import time

from .errors import InvalidInputError

MIN_CODE_LENGTH, MAX_CODE_LENGTH = 4, 10


def generate_code(length: int = 6) -> str:
    """A uniformly random numeric code from the OS's secure generator."""
    if not MIN_CODE_LENGTH <= length <= MAX_CODE_LENGTH:
        raise InvalidInputError(
            f"Code length must be between {MIN_CODE_LENGTH} and {MAX_CODE_LENGTH} digits.",
            field="code",
            message_zh=f"验证码长度须在 {MIN_CODE_LENGTH} 到 {MAX_CODE_LENGTH} 位之间。",
        )
    return "".join(secrets.choice("0123456789") for _ in range(length))


def new_order_id(prefix: str = "otp") -> str:
    """Globally unique enough for the platform: time plus 64 random bits."""
    return f"{prefix}-{int(time.time() * 1000)}-{secrets.token_hex(8)}"
