"""How fast is check_recipients on a 1,000,000-row column?

Run:  .venv/bin/python benchmarks/bench_numbers.py [rows]

The column mixes eight countries (default country India), written the ways
people write them (plain digits, +cc with spaces, 00cc, national with a trunk
0, Excel floats), with about 5% duplicates and 5% junk (short, letters,
scientific notation, extensions, empty). The naive baseline parses every row
with phonenumbers (parse + is_valid_number + format) and then drops duplicates;
it runs on 100,000 rows and is scaled up.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from itnio_core.campaigns.verdicts import check_recipients
from itnio_core.phones import column as numbers_column
from itnio_core.phones import normalise_many

COUNTRIES = ("IN", "GB", "US", "CN", "DE", "NG", "BR", "ID")
WEIGHTS = (0.40, 0.10, 0.10, 0.10, 0.08, 0.08, 0.07, 0.07)
DEFAULT = "IN"


def _national_numbers(rng: np.random.Generator, region: str, n: int) -> list[str]:
    """Mobile numbers: the metadata's example with the last seven digits randomised."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    nsn = phonenumbers.national_significant_number(example)
    tails = rng.integers(2_000_000, 10_000_000, n)  # no 0 or 1 to start a US exchange
    return [f"{nsn[:-7]}{t:07d}" for t in tails]


def _written(rng: np.random.Generator, region: str, nsn: str) -> str:
    cc = phonenumbers.country_code_for_region(region)
    form = rng.random()
    if region == DEFAULT and form < 0.25:
        return f"0{nsn[:5]} {nsn[5:]}" if form < 0.12 else nsn
    if form < 0.55:
        return f"{cc}{nsn}"
    if form < 0.75:
        return f"+{cc} {nsn[:4]} {nsn[4:]}"
    if form < 0.85:
        return f"00{cc}{nsn}"
    if form < 0.93:
        return f"+{cc}-{nsn[:3]}-{nsn[3:]}"
    return f"{cc}{nsn}.0"


def _junk(rng: np.random.Generator, value: str) -> str:
    kind = rng.integers(0, 6)
    digits = "".join(ch for ch in value if ch.isdigit())
    return (
        digits[:-3],  # too short
        f"{digits}99",  # too long
        "CALL ME",
        f"{digits[0]}.{digits[1:6]}E+{len(digits) - 1}",
        f"{value} x12",
        "",
    )[kind]


def make_column(rows: int, seed: int = 7) -> pd.Series:
    rng = np.random.default_rng(seed)
    regions = rng.choice(len(COUNTRIES), size=rows, p=WEIGHTS)
    values = np.empty(rows, dtype=object)
    for i, region in enumerate(COUNTRIES):
        where = np.flatnonzero(regions == i)
        for j, nsn in zip(where, _national_numbers(rng, region, len(where)), strict=True):
            values[j] = _written(rng, region, nsn)
    for j in np.flatnonzero(rng.random(rows) < 0.05):
        values[j] = _junk(rng, values[j])
    dup = np.flatnonzero(rng.random(rows) < 0.05)
    values[dup] = values[rng.integers(0, rows, len(dup))]
    return pd.Series(values, dtype="str")


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def naive(values: pd.Series) -> pd.Series:
    out = []
    for value in values:
        try:
            parsed = phonenumbers.parse(value, DEFAULT)
        except phonenumbers.NumberParseException:
            out.append("")
            continue
        ok = phonenumbers.is_valid_number(parsed)
        out.append(phonenumbers.format_number(parsed, 0)[1:] if ok else "")
    return pd.Series(out).drop_duplicates()


def main(rows: int = 1_000_000) -> None:
    column = make_column(rows)
    excel_rows = np.arange(2, rows + 2)
    stop_list = list(column.sample(1000, random_state=1).str.replace(r"\D", "", regex=True))
    check_recipients(column[:1000], excel_rows[:1000], DEFAULT)  # load the metadata once
    verdicts = check_recipients(column, excel_rows, DEFAULT, stop_list)
    print(f"{rows:,} rows, {column.nunique() / rows:.1%} unique; verdicts: {verdicts.counts()}")
    codes = verdicts.frame["code"].value_counts().to_dict()
    print(f"codes: {codes}")
    t_norm = best_of(3, lambda: normalise_many(column, DEFAULT))
    t_check = best_of(3, lambda: check_recipients(column, excel_rows, DEFAULT, stop_list))
    print(f"normalise_many:   {t_norm:6.3f} s")
    print(f"check_recipients: {t_check:6.3f} s ({os.cpu_count()} cores)")
    threads, numbers_column._MAX_THREADS = numbers_column._MAX_THREADS, 1
    t_single = best_of(3, lambda: check_recipients(column, excel_rows, DEFAULT, stop_list))
    numbers_column._MAX_THREADS = threads
    print(f"check_recipients: {t_single:6.3f} s (one thread)")
    sample = min(rows, 100_000)
    t_naive = best_of(1, lambda: naive(column[:sample])) * rows / sample
    print(f"naive baseline:   {t_naive:6.3f} s (measured on {sample:,} rows, scaled)")
    print(f"speed-up:         {t_naive / t_check:6.1f}x")
    formatted = column.str.replace(r"^(\d{2})", r"+\1 ", regex=True)
    t_slow = best_of(3, lambda: check_recipients(formatted, excel_rows, DEFAULT, stop_list))
    print(f"check_recipients, every row needing clean-up (+cc with spaces): {t_slow:6.3f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
