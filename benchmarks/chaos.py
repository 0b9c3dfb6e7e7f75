"""Chaos run: a big campaign sent by web servers and workers that keep being killed with kill -9.

    .venv/bin/python benchmarks/chaos.py                     # SQLite, then PostgreSQL
    .venv/bin/python benchmarks/chaos.py --store sqlite --recipients 20000

Per store: a sandbox answering each send request after 0.5 s (its own process, as the platform
is), 2 web servers (``streamlit run server.py``, background work in the web process) and 2
``itnio worker`` processes on one database, every one of them started after ``itnio db
upgrade``. A 100,000-recipient campaign is confirmed; every few seconds a random one of the four
is killed with ``kill -9`` (its whole process group) and started again, until the campaign is
finished. Then everything stops and the platform's count of every number is compared with the
store:

  duplicates  numbers the platform accepted more than once (must be 0)
  lost        recipients neither accepted by the platform, nor unknown, nor still pending
              (must be 0); a request the store calls done whose numbers the platform never
              took counts here too
  unknown     recipients of requests a killed process had in the air: expected after kill -9
              (most reached the platform; a few were claimed but not yet sent). Never re-sent.

The lease: a request a killed process had in the air becomes unknown only once another process
sees it older than ``ITNIO_SEND_LEASE_SECONDS``. The default (120 s) would make every run wait
two minutes for its last kill, so this run sets 15 s, with connect and read timeouts of 3 and
10 s: a live process gives up on a request before the lease calls it unknown.

The processes are started and killed by ``chaos_fleet.py``. Exit code 0 only when every store
had no duplicates, nothing lost, and finished in ``--bound``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.chaos_fleet import (
    LEASE_SECONDS,
    Child,
    app_env,
    database,
    fleet,
    start_sandbox,
    upgrade,
    wait_all_beating,
)
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.store.engine import Store
from itnio_core.store.schema import recipients, send_requests

CONTENT = "Chaos run: this message must arrive exactly once."


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def draft(store: Store, rows: int) -> int:
    """A draft of ``rows`` distinct numbers, one message: requests of 1,000 numbers."""
    numbers = pd.Series(range(rows), dtype="int64").add(447_700_000_000).astype(str)
    verdicts = pd.DataFrame({"excel_row": range(2, rows + 2), "raw": numbers, "number": numbers,
                             "verdict": "ok", "reason": ""})  # fmt: skip
    plan = plan_campaign(pd.DataFrame({"Phone": numbers}), verdicts, CONTENT)
    return cs.create_draft(store, plan, name="chaos", content=CONTENT, sender_id="",
                           user="chaos", verdict_counts={"ok": rows})  # fmt: skip


@dataclass
class Figures:
    store: str
    recipients: int = 0
    duplicates: int = 0
    lost: int = 0
    unknown: int = 0
    unknown_reached: int = 0  # of the unknown, numbers the platform did take
    pending: int = 0
    finished: bool = False
    seconds: float = 0.0  # from confirming to finished
    sent_after: float = 0.0  # from confirming until no request was pending
    kills: int = 0
    loads: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.finished and not self.duplicates and not self.lost and not self.problems


def count(store: Store, campaign_id: int, sandbox_url: str, figures: Figures) -> None:
    """The platform's count of every number against where the store says each recipient is."""
    stats = requests.get(f"{sandbox_url}/_sandbox/stats", timeout=60).json()
    seen: dict[str, int] = stats["numbers"]
    figures.duplicates = sum(1 for n in seen.values() if n > 1)
    query = (
        sa.select(recipients.c.number, send_requests.c.state)
        .join(send_requests, send_requests.c.id == recipients.c.request_id)
        .where(recipients.c.campaign_id == campaign_id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    figures.recipients = len(rows)
    for number, state in rows:
        if state == "unknown":
            figures.unknown += 1
            figures.unknown_reached += number in seen
        elif state in ("pending", "in_flight"):
            figures.pending += 1
        elif number not in seen:  # done (or refused, or cancelled) and never taken
            figures.lost += 1
    strangers = set(seen) - {number for number, _ in rows}
    if strangers:
        figures.problems.append(f"{len(strangers)} numbers accepted that are not recipients")


def kill_until_finished(
    children: list[Child], store: Store, campaign_id: int, opts: argparse.Namespace,
    figures: Figures,
) -> None:  # fmt: skip
    """Every few seconds kill -9 a random child and start it again, until the campaign is
    finished (or stopped, or the bound has passed)."""
    rng = random.Random(opts.seed)
    started = time.monotonic()
    next_kill = started + rng.uniform(*opts.kill_every)
    while (elapsed := time.monotonic() - started) < opts.bound:
        campaign = cs.get(store, campaign_id)
        assert campaign is not None
        if campaign.status in (cs.STOPPED, cs.PAUSED, cs.CANCELLED):
            figures.problems.append(f"the campaign {campaign.status}: {campaign.stop_message_en}")
            break
        if not figures.sent_after and cs.progress(store, campaign_id).pending == 0:
            figures.sent_after = elapsed
        if campaign.status == cs.FINISHED:
            figures.finished = True
            break
        if time.monotonic() >= next_kill:
            victim = rng.choice(children)
            victim.signal(signal.SIGKILL)
            victim.wait()
            victim.start()
            figures.kills += 1
            print(f"  {elapsed:6.1f} s  kill -9 {victim.name}, started again (load {load()})",
                  flush=True)  # fmt: skip
            next_kill = time.monotonic() + rng.uniform(*opts.kill_every)
        time.sleep(0.2)
    figures.seconds = time.monotonic() - started


def send_with_chaos(url: str, folder: Path, opts: argparse.Namespace, figures: Figures) -> None:
    children: list[Child] = []
    platform, sandbox_url = start_sandbox(folder, opts.send_latency)
    try:
        env = app_env(folder, url, sandbox_url)
        upgrade(folder, env)
        store = Store(url)
        clock = time.perf_counter()
        campaign_id = draft(store, opts.recipients)
        print(f"  draft stored in {time.perf_counter() - clock:.1f} s", flush=True)
        children = fleet(folder, env)
        for child in children:
            child.start()
        wait_all_beating(children, store)
        figures.loads.append(load())
        assert cs.confirm(store, campaign_id, user="chaos")
        print(f"  confirmed; 2 web servers and 2 workers sending (load {load()})", flush=True)
        kill_until_finished(children, store, campaign_id, opts, figures)
        figures.loads.append(load())
        for child in children:
            child.signal(signal.SIGTERM)
        for child in children:
            child.wait()
        count(store, campaign_id, sandbox_url, figures)
        store.close()
    finally:
        for child in [*children, platform]:
            child.signal(signal.SIGKILL)
            child.wait()


def run_store(kind: str, opts: argparse.Namespace) -> Figures:
    figures = Figures(kind)
    folder = Path(tempfile.mkdtemp(prefix=f"itnio-chaos-{kind}-"))
    print(f"\n=== {kind}: {opts.recipients:,} recipients, logs in {folder}", flush=True)
    try:
        with database(kind, folder) as url:
            send_with_chaos(url, folder, opts, figures)
    finally:
        if figures.ok and not opts.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return figures


def report(f: Figures, opts: argparse.Namespace) -> None:
    done = f"{f.seconds:.1f} s" if f.finished else f"NOT within {opts.bound:g} s"
    lease = f", then the {LEASE_SECONDS:g} s lease for what the killed left" if f.unknown else ""
    print(
        f"  {'PASS' if f.ok else 'FAILED'}: duplicates {f.duplicates}, lost {f.lost}, "
        f"unknown {f.unknown:,} ({f.unknown_reached:,} of them reached the platform), "
        f"still pending {f.pending:,} of {f.recipients:,}; {f.kills} kills; finished in {done} "
        f"(every request claimed after {f.sent_after:.1f} s{lease}); "
        f"load average {' -> '.join(f.loads)}",
        flush=True,
    )
    for problem in f.problems:
        print(f"  problem: {problem}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--send-latency", type=float, default=0.5, help="seconds per send")
    parser.add_argument("--kill-every", type=float, nargs=2, default=[1.0, 4.0],
                        metavar=("MIN", "MAX"), help="seconds between kills (uniform)")  # fmt: skip
    parser.add_argument("--bound", type=float, default=600.0, help="seconds to finish, per store")
    parser.add_argument("--seed", type=int, help="the same kills in the same order")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the database")
    opts = parser.parse_args(argv)
    stores = ["sqlite", "postgres"] if opts.store == "both" else [opts.store]
    print(f"chaos run on {os.cpu_count()} cores, load average {load()}", flush=True)
    results = []
    for kind in stores:
        results.append(run_store(kind, opts))
        report(results[-1], opts)
    return 0 if all(f.ok for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
