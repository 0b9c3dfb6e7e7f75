"""What a report is about: a campaign's messages, or a list of msgIds someone brought."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


# ------------------------------------------------------------------ what a report is about
@dataclass(frozen=True)
class Target:
    """A campaign's messages, or a list of msgIds someone brought."""

    kind: Literal["campaign", "list"]
    id: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, key: str) -> Target:
        kind, _, number = key.partition(":")
        if kind not in ("campaign", "list") or not number.isdigit():
            raise ValueError(f"not a report target: {key!r}")
        return cls("campaign" if kind == "campaign" else "list", int(number))
