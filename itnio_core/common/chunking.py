"""Cutting a list into calls of at most N: the one rule every batched endpoint shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def chunked(values: Sequence[T], size: int) -> list[Sequence[T]]:
    """``values`` in order, in slices of ``size`` (the last may be shorter)."""
    if size < 1:
        raise ValueError("a chunk holds at least one value")
    return [values[i : i + size] for i in range(0, len(values), size)]
