"""Run every ``benchmarks/bench_*.py`` with its default sizes, one after another.

    .venv/bin/python benchmarks/run_all.py            # every benchmark, full size
    .venv/bin/python benchmarks/run_all.py --quick    # --rows 100000 where a script takes it
    .venv/bin/python benchmarks/run_all.py send import

Every ``bench_*.py`` is found by its name, ``bench_people.py`` (goal 6: ten people at
once in Chromium; ``--quick`` makes its uploads 100,000 rows) included.

Each script runs in its own process (so peak memory is its own), with its
output shown as it comes. Every goal is judged as a ratio against a floor the
script measures in the same run (or against a fixed time where the issue gives
one); the summary at the end repeats each script's ratio and verdict lines, with
the load average before and after it, as the machine is shared. The exit code
is 0 only when every script met its targets (each script's own exit code says so).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK_ROWS = "100000"
# The lines of a script's output that state a goal: its ratio, floor or verdict.
GOAL_LINE = re.compile(r"\bratio\b|\bRATIO\b|\bSPEEDUP\b|\bPASS\b|\bFAIL|\bpass\b|<= ", re.I)


def scripts(only: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not only:
        return found
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
    unknown = wanted - {p.stem.removeprefix("bench_") for p in found}
    if unknown:
        raise SystemExit(f"no such benchmark: {', '.join(sorted(unknown))}")
    return [p for p in found if p.stem.removeprefix("bench_") in wanted]


def command(script: Path, quick: bool) -> list[str]:
    argv = [sys.executable, str(script)]
    if quick and "--rows" in script.read_text(encoding="utf-8"):
        argv += ["--rows", QUICK_ROWS]
    return argv


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(argv: list[str]) -> tuple[int, list[str]]:
    """Run one script, showing its output as it comes; its exit code and goal lines."""
    goals: list[str] = []
    with subprocess.Popen(
        argv, cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            if GOAL_LINE.search(line) and "WARNING" not in line and line.strip() not in goals:
                goals.append(line.strip())  # once: some scripts repeat them at the end
    return child.returncode, goals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("only", nargs="*", help="names to run (send, import, ...); default all")
    parser.add_argument("--quick", action="store_true", help=f"--rows {QUICK_ROWS} where accepted")
    args = parser.parse_args(argv)
    outcomes: list[tuple[str, int, float, str, list[str]]] = []
    for script in scripts(args.only):
        argv_ = command(script, args.quick)
        print(f"\n=== {script.name} {' '.join(argv_[2:])}".rstrip(), flush=True)
        before, started = load(), time.perf_counter()
        code, goals = run(argv_)
        seconds = time.perf_counter() - started
        outcomes.append((script.name, code, seconds, f"load {before} -> {load()}", goals))
    print("\n=== summary")
    for name, code, seconds, loads, goals in outcomes:
        verdict = "met its targets" if code == 0 else f"FAILED (exit {code})"
        print(f"  {name:<20} {verdict:<24} {seconds:7.1f} s   {loads}")
        for line in goals[-12:]:
            print(f"      {line}")
    return 0 if all(code == 0 for _, code, _, _, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
