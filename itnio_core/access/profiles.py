"""Each person's profile in the store: for now, their own phone numbers, where "send
yourself a test" sends. Kept by user name (with no sign-in, the name the console acts as)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from ..common import InvalidInputError, utc_now
from ..phones import normalise
from ..store import Store, user_profiles
from . import audit

TEST_NUMBERS_MAX = 5
ANONYMOUS = ""  # the profile used when nobody is signed in (sandbox without users)


def test_numbers(store: Store, user: str | None) -> list[str]:
    with store.engine.connect() as conn:
        text = conn.execute(
            sa.select(user_profiles.c.test_numbers).where(
                user_profiles.c.username == (user or ANONYMOUS)
            )
        ).scalar()
    return [n for n in (text or "").split(",") if n]


def set_test_numbers(
    store: Store, user: str | None, written: str, *, country: str | None = None
) -> list[str]:
    """Store the person's own numbers (comma, space or line separated; ``country`` for ones
    written without a country code); ``InvalidInputError`` naming a number that is not one."""
    numbers: list[str] = []
    for part in re.split(r"[,;\n]+", written):
        if not part.strip():
            continue
        result = normalise(part.strip(), country or None)
        if not result.number:
            raise InvalidInputError(
                f"“{part.strip()}” is not a phone number that can be sent to: {result.reason}",
                field="test_numbers",
                message_zh=f"“{part.strip()}”不是可发送的手机号码：{result.reason_zh}",
            )
        if result.number not in numbers:
            numbers.append(result.number)
    if len(numbers) > TEST_NUMBERS_MAX:
        raise InvalidInputError(
            f"Give at most {TEST_NUMBERS_MAX} numbers of your own.",
            field="test_numbers",
            message_zh=f"最多填写 {TEST_NUMBERS_MAX} 个您自己的号码。",
        )
    value = ",".join(numbers)
    key = user or ANONYMOUS
    with store.engine.begin() as conn:
        changed = conn.execute(
            user_profiles.update()
            .where(user_profiles.c.username == key)
            .values(test_numbers=value, updated_at=utc_now())
        ).rowcount
        if not changed:
            conn.execute(
                user_profiles.insert().values(
                    username=key, test_numbers=value, updated_at=utc_now()
                )
            )
    audit.record(store, user, audit.SETTINGS_CHANGE, what="My numbers for test sends",
                 detail=f"{len(numbers)} numbers")  # fmt: skip
    return numbers
