"""Every row of an uploaded list gets a verdict, with the row number Excel shows.

Verdicts, in the order problems are listed:

* ``invalid``: not a number we can send to (the reason says why and what to do);
* ``duplicate``: the same normalised number as an earlier row, which is sent once;
* ``excluded``: on the stop list (opted out), so it is not sent;
* ``empty``: nothing in the cell;
* ``check``: a country was chosen, but the number is valid only under another country's
  code (the reason names it); sent only with ``include_other_countries``;
* ``ok``: will be sent.

Stop-list matching and duplicate detection use the normalised number, so
``+91 98765 43210`` and ``919876543210`` are the same person.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ..phones import country_name, normalise_many

OK, INVALID, DUPLICATE, EXCLUDED, EMPTY = "ok", "invalid", "duplicate", "excluded", "empty"
CHECK: Final = "check"
VERDICTS: Final = (OK, INVALID, DUPLICATE, EXCLUDED, EMPTY, CHECK)
STOP_LIST: Final = "stop_list"  # the code of an excluded row
_VERDICT_DTYPE: Final = pd.CategoricalDtype(VERDICTS)

EXCLUDED_REASON: Final = "On the stop list (opted out); it will not be sent."
EXCLUDED_REASON_ZH: Final = "在退订名单上（已退订），不会发送。"
_PROBLEMS: Final = {
    INVALID: ("Row {row}: {reason}", "第 {row} 行：{reason_zh}"),
    DUPLICATE: ("Row {row}: duplicate of row {first}", "第 {row} 行：与第 {first} 行重复"),
    EXCLUDED: ("Row {row}: on the stop list", "第 {row} 行：在退订名单上"),
    EMPTY: ("Row {row}: empty", "第 {row} 行：空白"),
    CHECK: ("Row {row}: {reason}", "第 {row} 行：{reason_zh}"),
}

_Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Verdicts:
    """One row per input row, same order.

    Columns: excel_row, raw, number, verdict, code, reason, reason_zh, duplicate_of
    (the first row with the same number, or <NA>), region, calling_code. verdict,
    code, reason, reason_zh and region are categoricals (cheap on a million rows);
    ``.astype(str)`` gives plain text.
    """

    frame: pd.DataFrame
    # Worked out once: the page asks on every rerun (each keystroke in the message).
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        """Rows per verdict (every verdict, zeros too), plus "rows"."""
        if "counts" not in self._memo:
            counted = self.frame["verdict"].value_counts()
            found = {v: int(counted.get(v, 0)) for v in VERDICTS} | {"rows": len(self.frame)}
            self._memo["counts"] = found
        return dict(self._memo["counts"])

    def problems(self) -> pd.DataFrame:
        """Rows not ok, in Excel row order, with plain-words "problem" and "problem_zh"."""
        if "problems" not in self._memo:
            self._memo["problems"] = self._problems()
        return self._memo["problems"].copy()  # a caller may change its own copy

    def _problems(self) -> pd.DataFrame:
        rows = self.frame[self.frame["verdict"] != OK]
        rows = rows.iloc[np.argsort(rows["excel_row"].to_numpy(), kind="stable")]
        texts = [
            _problem(*row)
            for row in zip(
                rows["verdict"],
                rows["excel_row"],
                rows["duplicate_of"],
                rows["reason"],
                rows["reason_zh"],
                strict=True,
            )
        ]
        result = rows.reset_index(drop=True)
        result["problem"] = pd.Series([en for en, _ in texts], dtype="str")
        result["problem_zh"] = pd.Series([zh for _, zh in texts], dtype="str")
        return result

    def ok_numbers(self) -> list[str]:
        """The normalised numbers to send, in row order."""
        return list(self.frame.loc[self.frame["verdict"] == OK, "number"])


def _problem(verdict: str, row: int, first: Any, reason: str, reason_zh: str) -> tuple[str, str]:
    en, zh = _PROBLEMS[verdict]
    fields = {"row": row, "first": first, "reason": reason, "reason_zh": reason_zh}
    return en.format(**fields), zh.format(**fields)


def _first_rows(numbers: Any) -> _Ints:
    """For each (valid, so at most 19-digit) number, the position of its first occurrence."""
    keys = np.asarray(pc.cast(numbers, pa.uint64()).to_numpy(zero_copy_only=False))
    codes, _ = pd.factorize(keys)  # codes count up in order of first appearance
    seen = np.maximum.accumulate(codes)
    first = np.ones(len(codes), bool)
    first[1:] = codes[1:] > seen[:-1]
    return np.asarray(np.flatnonzero(first)[codes], dtype=np.int64)


def _stop_numbers(stop_list: Collection[str], default_country: str | None) -> Any:
    """Stop-list entries as given (digits only) and as normalised, when that works."""
    entries = [str(entry) for entry in stop_list]
    normalised = normalise_many(entries, default_country)["number"]
    digits = ["".join(ch for ch in entry if ch.isascii() and ch.isdigit()) for entry in entries]
    return pa.array(sorted({*normalised, *digits} - {""}), pa.large_string())


def _overlay(column: pd.Series, rows: _Ints, texts: list[str], which: _Ints) -> pd.Categorical:
    """A categorical column with rows set to texts[which] (texts are distinct)."""
    old = column.cat.categories
    codes = column.cat.codes.to_numpy().astype(np.int64)
    known = set(old)
    if any(text in known for text in texts):  # never, as the wordings differ; but be safe
        categories = pd.Index(list(dict.fromkeys([*old, *texts])), dtype=object)
        codes[rows] = categories.get_indexer(texts)[which]
    else:
        categories = old.append(pd.Index(texts, dtype=object))
        codes[rows] = len(old) + which
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _raw_text(values: Sequence[object] | pd.Series) -> pd.Series:
    if isinstance(values, pd.Series):
        raw = values.reset_index(drop=True)
    else:
        raw = pd.Series(list(values), dtype=object)
    return raw if raw.dtype == "str" else raw.astype("str")


def check_recipients(
    values: Sequence[object] | pd.Series,
    excel_rows: Sequence[int] | pd.Series | npt.NDArray[np.integer[Any]],
    default_country: str | None = None,
    stop_list: Collection[str] = (),
    include_other_countries: bool = False,
) -> Verdicts:
    """Give every row of a column of phone numbers its verdict.

    include_other_countries: rows valid only under another country's code are sent (ok)
    rather than left as ``check``.
    """
    rows = np.asarray(excel_rows, dtype=np.int64)
    numbers = normalise_many(values, default_country)
    if len(rows) != len(numbers):
        raise ValueError(f"{len(numbers)} values but {len(rows)} row numbers")
    status = numbers["status"].cat.codes.to_numpy()  # ok, invalid, empty, check
    verdict = np.array([0, 1, 4, 0 if include_other_countries else 5], np.int64)[status]
    number = pa.array(numbers["number"])
    if stop_list:
        stop = _stop_numbers(stop_list, default_country)
        stopped = np.asarray(pc.is_in(number, value_set=stop).to_numpy(zero_copy_only=False))
        verdict[(verdict == 0) & stopped] = 3
    send = np.flatnonzero(verdict == 0)
    first = send[_first_rows(number if len(send) == len(number) else number.take(send))]
    dup = send[first != send]
    verdict[dup] = 2
    duplicate_of = np.zeros(len(rows), np.int64)
    duplicate_of[dup] = rows[first[first != send]]
    out = _verdict_frame(numbers, rows, verdict, duplicate_of)
    if include_other_countries:
        _say_included(out, np.flatnonzero((status == 3) & (verdict == 0)))
    out.insert(1, "raw", _raw_text(values))
    return Verdicts(out)


def _say_included(out: pd.DataFrame, rows: _Ints) -> None:
    """Rows the person chose to send abroad: their reason says so, not "check this"."""
    if not len(rows):
        return
    keys = pd.DataFrame(
        {"r": out["region"].iloc[rows].astype("str"), "c": out["calling_code"].iloc[rows]}
    )
    places, which = np.unique(keys["r"] + "+" + keys["c"].astype("str"), return_inverse=True)
    pairs = [place.split("+") for place in places.tolist()]
    out["reason"] = _overlay(out["reason"], rows, [
        f"Included on purpose: sent to {country_name(r, 'en')} (+{c}), not the chosen country."
        for r, c in pairs
    ], which.ravel())  # fmt: skip
    out["reason_zh"] = _overlay(out["reason_zh"], rows, [
        f"已按您的选择发送到{country_name(r, 'zh')}（+{c}），不是所选国家。" for r, c in pairs
    ], which.ravel())  # fmt: skip


def _verdict_frame(
    numbers: pd.DataFrame, rows: _Ints, verdict: _Ints, duplicate_of: _Ints
) -> pd.DataFrame:
    """The normaliser's columns, with the codes and reasons of duplicate and excluded rows."""
    excluded, dup = np.flatnonzero(verdict == 3), np.flatnonzero(verdict == 2)
    changed = np.concatenate([excluded, dup])
    unique_firsts, which = np.unique(duplicate_of[dup], return_inverse=True)
    firsts = unique_firsts.tolist()  # Python ints format much faster than numpy's
    which = np.concatenate([np.zeros(len(excluded), np.int64), 1 + which.ravel()])
    reason = [EXCLUDED_REASON, *(f"Same number as row {r}; it will be sent once." for r in firsts)]
    reason_zh = [EXCLUDED_REASON_ZH, *(f"与第 {r} 行的号码相同，只会发送一次。" for r in firsts)]
    codes = np.concatenate([np.zeros(len(excluded), np.int64), np.ones(len(dup), np.int64)])
    missing = np.ones(len(rows), bool)
    missing[dup] = False
    return pd.DataFrame(
        {
            "excel_row": rows,
            "number": numbers["number"],
            "verdict": pd.Categorical.from_codes(verdict, dtype=_VERDICT_DTYPE, validate=False),
            "code": _overlay(numbers["code"], changed, [STOP_LIST, DUPLICATE], codes),
            "reason": _overlay(numbers["reason"], changed, reason, which),
            "reason_zh": _overlay(numbers["reason_zh"], changed, reason_zh, which),
            "duplicate_of": pd.arrays.IntegerArray(duplicate_of, missing),
            "region": numbers["region"],
            "calling_code": numbers["calling_code"],
        }
    )
