"""Import of a big recipient list to per-row verdicts, next to the naive pipeline.

    .venv/bin/python benchmarks/bench_import.py                  # 1,000,000 rows
    .venv/bin/python benchmarks/bench_import.py --rows 100000

Target (the issue): a 1,000,000-row .xlsx (a name column and a phone column,
5% duplicates) goes from uploaded bytes to a verdict per row in at most 3 s
and 700 MiB peak, at least 20x faster than the naive pipeline
(``pandas.read_excel`` with openpyxl, ``phonenumbers.parse`` per row,
``drop_duplicates``); 100,000 rows in at most 0.3 s.

Every measurement runs in a fresh Python process, so its peak memory is that
process's ``ru_maxrss`` (Rust and Arrow allocations included, which
tracemalloc misses). Timings start once the file's bytes are in memory, the
modules are imported and one 2-row workbook has been imported, as in the
running app (a long-lived server). The naive pipeline runs on
``--baseline-rows`` rows and is extrapolated linearly, as the output says.
Inputs are written to benchmarks/data/ (git-ignored) with xlsxwriter in
constant-memory mode and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
sys.path.insert(0, str(ROOT))

TARGET_SECONDS_1M = 3.0
TARGET_SECONDS_100K = 0.3
TARGET_MIB = 700
TARGET_SPEEDUP = 20
DUPLICATE_SHARE = 0.05
COUNTRY = "IN"
MESSAGE = "Hello {Name}, our Diwali sale starts today."
NAMES = ("Asha", "Ravi", "Priya", "Vikram", "Neha", "Arjun", "李伟", "王芳")


# ------------------------------------------------------------------ inputs
def make_input(rows: int) -> Path:
    """Name + Phone, 5% repeated numbers; phones as numbers (2/3) and "+91 98765 43210" text."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"import_{rows}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    rng = random.Random(rows)
    unique = rows - int(rows * DUPLICATE_SHARE)
    numbers = rng.sample(range(6_000_000_000, 9_999_999_999), unique)
    partial = path.with_suffix(".tmp")
    book = xlsxwriter.Workbook(str(partial), {"constant_memory": True})
    sheet = book.add_worksheet("Contacts")
    sheet.write_row(0, 0, ["Name", "Phone"])
    for i in range(rows):
        number = numbers[i] if i < unique else numbers[rng.randrange(unique)]
        sheet.write_string(i + 1, 0, f"{NAMES[i % len(NAMES)]} {i}")
        if i % 3 == 0:
            text = str(number)
            sheet.write_string(i + 1, 1, f"+91 {text[:5]} {text[5:]}")
        else:
            sheet.write_number(i + 1, 1, 910_000_000_000 + number)
    book.close()
    partial.rename(path)
    return path


def make_csv_input(rows: int) -> Path:
    """The same kind of list saved as CSV by a Chinese Excel: GBK, Chinese headers."""
    path = DATA / f"import_{rows}_gbk.csv"
    if path.exists():
        return path
    rng = random.Random(rows)
    unique = rows - int(rows * DUPLICATE_SHARE)
    numbers = rng.sample(range(6_000_000_000, 9_999_999_999), unique)
    lines = ["姓名,手机号"]
    for i in range(rows):
        number = numbers[i] if i < unique else numbers[rng.randrange(unique)]
        phone = f"+91 {number}" if i % 3 == 0 else f"91{number}"
        lines.append(f"{NAMES[i % len(NAMES)]} {i},{phone}")
    partial = path.with_suffix(".tmp")
    partial.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    partial.rename(path)
    return path


# ------------------------------------------------------------------ measurements (child side)
def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _verdict_frame(verdicts: Any, table: Any, phone: str) -> Any:
    """Whatever check_recipients returns, as the DataFrame plan_campaign wants."""
    import pandas as pd

    if isinstance(verdicts, pd.DataFrame):
        return verdicts
    for attribute in ("frame", "rows", "table"):
        value = getattr(verdicts, attribute, None)
        if isinstance(value, pd.DataFrame):
            return value
    return pd.DataFrame(
        {
            "excel_row": table.excel_rows,
            "raw": table.frame[phone],
            "number": list(getattr(verdicts, "number", verdicts.numbers)),
            "verdict": list(verdicts.verdict),
            "reason": list(verdicts.reason),
        }
    )


def measure_ours(path: Path) -> dict[str, Any]:
    import numpy as np

    from itnio_core.sheets import read as spreadsheets

    try:
        from itnio_core.campaigns.verdicts import check_recipients
    except ImportError:
        check_recipients = None
    try:
        from itnio_core.campaigns.plan import plan_campaign
    except ImportError:
        plan_campaign = None

    _warm_up(spreadsheets, check_recipients)
    data = path.read_bytes()
    result: dict[str, Any] = {"rss_before_mib": round(_peak_mib(), 1)}
    start = time.perf_counter()
    table = spreadsheets.read_table(data, path.name)
    result["read_s"] = time.perf_counter() - start
    phone = spreadsheets.detect_phone_column(table)
    assert phone in ("Phone", "手机号"), phone
    result["detect_s"] = time.perf_counter() - start - result["read_s"]
    result["rows"] = len(table.frame)
    if check_recipients is not None:
        before = time.perf_counter()
        verdicts = check_recipients(table.frame[phone], table.excel_rows, COUNTRY, set())
        result["check_s"] = time.perf_counter() - before
        result["total_s"] = time.perf_counter() - start
        result["peak_mib"] = round(_peak_mib(), 1)  # ru_maxrss only grows: the peak so far
        frame = _verdict_frame(verdicts, table, phone)
        counts = frame["verdict"].value_counts().to_dict()
        result["verdicts"] = {str(k): int(v) for k, v in counts.items()}
        if plan_campaign is not None:
            before = time.perf_counter()
            message = MESSAGE.replace("{Name}", "{" + table.columns[0] + "}")
            plan = plan_campaign(table.frame, frame, message)
            result["plan_s"] = time.perf_counter() - before
            result["requests"] = plan.requests
            result["peak_with_plan_mib"] = round(_peak_mib(), 1)
    else:
        result["total_s"] = time.perf_counter() - start
        result["peak_mib"] = round(_peak_mib(), 1)
        result["note"] = "itnio_core.campaigns.verdicts is missing: reading and detection only"
    assert np.all(np.diff(table.excel_rows) > 0)
    return result


def _warm_up(spreadsheets: Any, check_recipients: Any) -> None:
    """What a running server has already done once: load the readers' native code."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Contacts").write_row(0, 0, ["Name", "Phone"])
    book.get_worksheet_by_name("Contacts").write_row(1, 0, ["Asha", 919876543210])
    book.close()
    table = spreadsheets.read_table(buffer.getvalue(), "warm.xlsx")
    if check_recipients is not None:
        check_recipients(table.frame["Phone"], table.excel_rows, COUNTRY, set())


def measure_reader(path: Path, reader: str) -> dict[str, Any]:
    """Raw cell reading only, to choose the engine."""
    import io

    import pandas as pd  # noqa: F401  (imported by the app anyway)

    data = path.read_bytes()
    start = time.perf_counter()
    if reader == "fastexcel":
        import fastexcel

        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string")
        rows = sheet.to_arrow().num_rows
    else:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = len(book.get_sheet_by_index(0).to_python())
    return {"total_s": time.perf_counter() - start, "rows": rows, "peak_mib": round(_peak_mib(), 1)}


def measure_naive(path: Path) -> dict[str, Any]:
    import pandas as pd
    import phonenumbers

    start = time.perf_counter()
    frame = pd.read_excel(path, engine="openpyxl")
    valid = []
    numbers = []
    for value in frame["Phone"].tolist():
        text = str(value)
        try:
            parsed = phonenumbers.parse(text if text.startswith("+") else "+" + text, COUNTRY)
            ok = phonenumbers.is_valid_number(parsed)
            number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            ok, number = False, ""
        valid.append(ok)
        numbers.append(number)
    frame["valid"] = valid
    frame["number"] = numbers
    unique = frame[frame["valid"]].drop_duplicates(subset="number")
    return {
        "total_s": time.perf_counter() - start,
        "rows": len(frame),
        "valid_unique": len(unique),
        "peak_mib": round(_peak_mib(), 1),
    }


def child(kind: str, path: Path, reader: str) -> None:
    if kind == "ours":
        result = measure_ours(path)
    elif kind == "reader":
        result = measure_reader(path, reader)
    else:
        result = measure_naive(path)
    print(json.dumps(result))


# ------------------------------------------------------------------ parent side
def run_child(kind: str, path: Path, reader: str = "") -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--file", str(path), "--reader", reader]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def best_of(kind: str, path: Path, repeats: int, reader: str = "") -> dict[str, Any]:
    """The fastest of ``repeats`` fresh processes (the machine is shared); peak is the max."""
    runs = [run_child(kind, path, reader) for _ in range(repeats)]
    best = min(runs, key=lambda run: float(run["total_s"]))
    best["peak_mib"] = max(float(run["peak_mib"]) for run in runs)
    best["all_s"] = [round(float(run["total_s"]), 3) for run in runs]
    return best


def verdict_line(name: str, ok: bool) -> str:
    return f"  {'PASS' if ok else 'FAIL'}  {name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-readers", action="store_true", help="skip the engine comparison")
    parser.add_argument("--skip-csv", action="store_true", help="skip the GBK CSV figure")
    parser.add_argument("--child", choices=["ours", "naive", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reader", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.reader)
        return 0

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    started = time.perf_counter()
    big = make_input(args.rows)
    small = make_input(100_000) if args.rows != 100_000 else big
    base = make_input(args.baseline_rows)
    print(
        f"inputs ready in {time.perf_counter() - started:.1f} s: {big.name} "
        f"({big.stat().st_size / 2**20:.1f} MiB)",
        flush=True,
    )

    ours = best_of("ours", big, args.repeats)
    ours_small = best_of("ours", small, max(args.repeats, 5))
    naive = run_child("naive", base)
    naive_s = float(naive["total_s"]) * args.rows / args.baseline_rows
    ratio = naive_s / float(ours["total_s"])

    print(f"\nOURS, {ours['rows']:,} rows (best of {args.repeats}: {ours['all_s']} s)")
    for key in ("read_s", "detect_s", "check_s", "total_s", "plan_s"):
        if key in ours:
            print(f"  {key:<9} {float(ours[key]):7.3f} s")
    print(
        f"  peak RSS  {ours['peak_mib']:7.1f} MiB to verdicts (process after imports: "
        f"{ours['rss_before_mib']} MiB)"
    )
    if "peak_with_plan_mib" in ours:
        print(f"  peak RSS  {ours['peak_with_plan_mib']:7.1f} MiB including the plan")
    for key in ("verdicts", "requests", "note"):
        if key in ours:
            print(f"  {key}: {ours[key]}")
    print(
        f"OURS, {ours_small['rows']:,} rows: {float(ours_small['total_s']):.3f} s to verdicts, "
        f"read {float(ours_small['read_s']):.3f} s, peak {ours_small['peak_mib']} MiB "
        f"(all runs {ours_small['all_s']} s)"
    )
    print(
        f"NAIVE, measured on {naive['rows']:,} rows: {float(naive['total_s']):.2f} s, "
        f"peak {naive['peak_mib']} MiB; linear to {args.rows:,} rows: {naive_s:.1f} s"
    )
    print(f"SPEEDUP {ratio:.1f}x")

    if not args.skip_csv:
        csv_run = best_of("ours", make_csv_input(args.rows), 2)
        print(
            f"OURS, the same {csv_run['rows']:,} rows as a GBK CSV: "
            f"{float(csv_run['total_s']):.3f} s to verdicts, "
            f"read {float(csv_run['read_s']):.3f} s, peak {csv_run['peak_mib']} MiB"
        )

    if not args.skip_readers:
        print(f"\nREADERS, raw cells of {big.name}:")
        for reader in ("fastexcel", "python-calamine"):
            run = best_of("reader", big, 2, reader)
            print(f"  {reader:<16} {float(run['total_s']):6.3f} s  peak {run['peak_mib']} MiB")

    complete = "check_s" in ours
    print("\nTARGETS" + ("" if complete else " (verdicts missing: reading only)"))
    checks = [
        (f"1M rows <= {TARGET_SECONDS_1M} s", float(ours["total_s"]) <= TARGET_SECONDS_1M),
        (f"peak <= {TARGET_MIB} MiB", float(ours["peak_mib"]) <= TARGET_MIB),
        (f">= {TARGET_SPEEDUP}x the naive pipeline", ratio >= TARGET_SPEEDUP),
        (
            f"100k rows <= {TARGET_SECONDS_100K} s",
            float(ours_small["total_s"]) <= TARGET_SECONDS_100K,
        ),
    ]
    if args.rows != 1_000_000:
        checks = checks[1:]
    for name, ok in checks:
        print(verdict_line(name, ok))
    return 0 if complete and all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
