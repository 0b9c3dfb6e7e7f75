"""Issue 14, goal 5: storing a big campaign, and its msgIds, next to a bare bulk insert.

    .venv/bin/python benchmarks/bench_draft.py                       # 1,000,000, both stores
    .venv/bin/python benchmarks/bench_draft.py --rows 100000 --dialect sqlite
    .venv/bin/python benchmarks/bench_draft.py --repeats 3           # best of 3, runs listed

Targets (the issue), each against the floor measured in the same run, on the same store:

- **draft**: from "Review the campaign" to a stored draft (``campaigns.flow.save_draft``
  with the checked upload and the plan the New campaign page holds at that click: the
  draft key, the campaign row, the source file, the request bodies and every recipient
  row) at most 1.5x the floor;
- **msgIds**: the platform's answers (every request done, answer stored, as the sender
  leaves them) copied onto their recipient rows (``campaigns.request_log.materialise``)
  at most 1.5x the floor;
- the database's size per recipient is printed.

The floor: the same recipient rows (read back from the stored draft, as tuples) written
by a bare bulk insert into a bare table of the same columns and primary key, in a fresh
database of the same kind: ``executemany`` on SQLite (same pragmas as the store), ``COPY``
on PostgreSQL, one transaction. Printed beside it, for the msgIds: a bare bulk update of
the same (row, msgId) pairs on that bare table (``executemany`` of an UPDATE by primary
key; ``COPY`` into a temporary table and one ``UPDATE ... FROM``).

PostgreSQL is a throwaway cluster (``tests/pgcluster.py``: fsync off, as in the tests).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from itnio_core.campaigns import flow, request_log
from itnio_core.campaigns import store as cs
from itnio_core.common import utc_now
from itnio_core.store import migrate
from itnio_core.store.engine import Store, make_engine
from itnio_core.store.schema import campaigns, recipients, send_requests

TARGET_RATIO = 1.5
NAMES = ("Ana", "Bruno", "Chen Wei", "Dévora")  # four distinct messages, one in UCS-2 range
CONTENT = "Hi {Name}, our spring sale starts today: 20% off everything. Reply STOP to opt out."
COLUMNS = [c.name for c in recipients.columns]
BARE = "bare_recipients"


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------ the reviewed campaign
def reviewed(rows: int, store: Store) -> tuple[flow.Checked, Any, float]:
    """What New campaign holds at the click: the checked upload (a CSV of Phone and Name)
    and the full plan; with the plan's seconds."""
    numbers = pd.Series(range(rows), dtype="int64").add(447_400_000_000).astype(str)
    names = pd.Series(NAMES * (rows // len(NAMES) + 1)).iloc[:rows].to_numpy()
    data = pd.DataFrame({"Phone": numbers, "Name": names}).to_csv(index=False).encode()
    checked = flow.check_upload(store, flow.load_upload(data, "bench_list.csv"))
    t = time.perf_counter()
    plan = flow.plan(checked, CONTENT)
    return checked, plan, time.perf_counter() - t


# ------------------------------------------------------------------ databases
class Databases:
    """Fresh migrated databases of one kind: SQLite files, or PostgreSQL databases."""

    def __init__(self, dialect: str, folder: Path, cluster: Any) -> None:
        self.dialect, self.folder, self.cluster, self.made = dialect, folder, cluster, 0

    def fresh(self, migrated: bool = True) -> str:
        self.made += 1
        if self.dialect == "sqlite":
            url = f"sqlite:///{self.folder / f'db{self.made}.sqlite'}"
        else:
            url = self.cluster.create_database(f"bench_{self.made}")
        if migrated:
            engine = make_engine(url)
            migrate.upgrade(engine)
            engine.dispose()
        return url

    def size(self, url: str, tables: list[str] | None) -> int:
        """Bytes on disk: the SQLite file (after a checkpoint), or the tables' total size."""
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    path = Path(url.removeprefix("sqlite:///"))
                    wal = path.with_name(path.name + "-wal")
                    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
                return sum(
                    int(conn.exec_driver_sql(f"SELECT pg_total_relation_size('{t}')").scalar_one())
                    for t in tables
                )
        finally:
            engine.dispose()


@contextlib.contextmanager
def databases(dialect: str) -> Iterator[Databases]:
    with tempfile.TemporaryDirectory(prefix="bench_draft_") as tmp:
        if dialect == "sqlite":
            yield Databases(dialect, Path(tmp), None)
            return
        from tests.pgcluster import Cluster

        with Cluster.start() as cluster:
            yield Databases(dialect, Path(tmp), cluster)


# ------------------------------------------------------------------ the floors
def bare_table_sql(dialect: str) -> str:
    """CREATE TABLE of the recipients' columns, types and primary key; no other index."""
    engine = sa.create_engine(f"{'sqlite' if dialect == 'sqlite' else 'postgresql+psycopg'}://")
    table = sa.Table(
        BARE,
        sa.MetaData(),
        *[
            sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
            for c in recipients.columns
        ],
    )
    return str(sa.schema.CreateTable(table).compile(dialect=engine.dialect))


def prepare_floor(url: str, dialect: str, kind: str, campaign_id: int) -> str:
    """The table the floor writes into: ``bare`` (columns and primary key only, in an empty
    database) or ``schema`` (the store's own ``recipients``, with its index and its foreign
    key to a campaigns row, in a freshly migrated database); its name."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if kind == "bare":
                conn.exec_driver_sql(bare_table_sql(dialect))
                return BARE
            conn.execute(
                campaigns.insert().values(
                    id=campaign_id,
                    name="floor",
                    status="draft",
                    created_at=utc_now(),
                    content="",
                    sender_id="",
                    source_name="",
                    source_sheet="",
                    source_hash="",
                    phone_column="",
                    rows=0,
                    recipients=0,
                    segments=0,
                    requests=0,
                    verdict_counts="{}",
                )
            )
            return "recipients"
    finally:
        engine.dispose()


def floor_insert(url: str, dialect: str, table: str, rows: list[tuple[Any, ...]]) -> float:
    """Seconds to bulk insert ``rows`` into ``table`` with the bare driver, one transaction."""
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t = time.perf_counter()
        if dialect == "sqlite":
            marks = ", ".join("?" * len(COLUMNS))
            cur.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
        else:
            with cur.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
        return time.perf_counter() - t
    finally:
        raw.close()
        engine.dispose()


def floor_update(
    url: str, dialect: str, table: str, campaign_id: int, pairs: list[tuple[int, str]]
) -> float:
    """Seconds to put (row_index, msgId) pairs onto ``table`` by its primary key."""
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t = time.perf_counter()
        if dialect == "sqlite":
            cur.executemany(
                f"UPDATE {table} SET msg_id = ?, submit_status = 'sent' "
                "WHERE campaign_id = ? AND row_index = ?",
                [(m, campaign_id, r) for r, m in pairs],
            )
        else:
            cur.execute("CREATE TEMP TABLE ids (row_index integer, msg_id text) ON COMMIT DROP")
            with cur.copy("COPY ids (row_index, msg_id) FROM STDIN") as copy:
                for pair in pairs:
                    copy.write_row(pair)
            cur.execute(
                f"UPDATE {table} b SET msg_id = ids.msg_id, submit_status = 'sent' FROM ids "
                "WHERE b.campaign_id = %s AND b.row_index = ids.row_index",
                (campaign_id,),
            )
        raw.commit()
        return time.perf_counter() - t
    finally:
        raw.close()
        engine.dispose()


def floors(
    dbs: Databases, campaign_id: int, rows: list[tuple[Any, ...]], pairs: list[tuple[int, str]]
) -> dict[str, Any]:
    """Both floors, each in a fresh database: insert and update seconds, and the size."""
    out: dict[str, Any] = {}
    for kind in ("bare", "schema"):
        url = dbs.fresh(migrated=kind == "schema")
        table = prepare_floor(url, dbs.dialect, kind, campaign_id)
        out[f"{kind}_insert_s"] = floor_insert(url, dbs.dialect, table, rows)
        out[f"{kind}_bytes"] = dbs.size(url, None if dbs.dialect == "sqlite" else [table])
        out[f"{kind}_update_s"] = floor_update(url, dbs.dialect, table, campaign_id, pairs)
    return out


# ------------------------------------------------------------------ the platform's answers
def answer_every_request(store: Store, campaign_id: int) -> None:
    """Every request done with the platform's answer, as the sender stores it (not timed)."""
    serial = 0
    with store.engine.begin() as conn:
        todo = conn.execute(
            sa.select(send_requests.c.id, send_requests.c.body).where(
                send_requests.c.campaign_id == campaign_id
            )
        ).all()
        updates = []
        for request_id, body in todo:
            array = []
            for _text, numbers, orders in json.loads(body):
                for number, order in zip(numbers, orders, strict=True):
                    serial += 1
                    array.append({"msgId": f"2612031200{serial:010d}", "number": number,
                                  "orderId": order})  # fmt: skip
            answer = {"status": "0", "reason": "success", "success": str(len(array)),
                      "fail": "0", "array": array}  # fmt: skip
            updates.append({"b_id": request_id, "b_answer": json.dumps(answer), "b_n": len(array)})
        conn.execute(
            send_requests.update()
            .where(send_requests.c.id == sa.bindparam("b_id"))
            .values(state="done", answer=sa.bindparam("b_answer"), success=sa.bindparam("b_n")),
            updates,
        )


def stored_rows(store: Store, campaign_id: int) -> list[tuple[Any, ...]]:
    """The draft's recipient rows as tuples, in the order they were written."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(*[recipients.c[c] for c in COLUMNS])
            .where(recipients.c.campaign_id == campaign_id)
            .order_by(recipients.c.request_id, recipients.c.row_index)
        ).all()
    return [tuple(r) for r in rows]


def stored_msg_ids(store: Store, campaign_id: int) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        pairs = conn.execute(
            sa.select(recipients.c.row_index, recipients.c.msg_id).where(
                recipients.c.campaign_id == campaign_id, recipients.c.msg_id.is_not(None)
            )
        ).all()
    return [(int(r), str(m)) for r, m in pairs]


# ------------------------------------------------------------------ one run
STORED = ["campaigns", "campaign_files", "send_requests", "recipients"]


def one_run(dbs: Databases, checked: flow.Checked, plan: Any) -> dict[str, Any]:
    url = dbs.fresh()
    store = Store(url)
    try:
        before = load()
        t = time.perf_counter()
        campaign_id = flow.save_draft(
            store, checked, plan, name="bench", content=CONTENT, sender_id="", user="bench"
        )
        draft_s = time.perf_counter() - t
        again = flow.save_draft(  # the same click again finds the same draft
            store, checked, plan, name="bench", content=CONTENT, sender_id="", user="bench"
        )
        assert again == campaign_id
        rows = stored_rows(store, campaign_id)
        draft_bytes = dbs.size(url, None if dbs.dialect == "sqlite" else STORED)
        assert cs.confirm(store, campaign_id, user="bench")
        answer_every_request(store, campaign_id)
        t = time.perf_counter()
        request_log.materialise(store)
        msgids_s = time.perf_counter() - t
        pairs = stored_msg_ids(store, campaign_id)
        if len(pairs) != plan.recipients or len({m for _, m in pairs}) != plan.recipients:
            raise SystemExit(f"FAILED: {len(pairs)} msgIds on {plan.recipients} recipients")
    finally:
        store.close()
    found = floors(dbs, campaign_id, rows, pairs)
    return {
        "draft_s": draft_s,
        "msgids_s": msgids_s,
        **found,
        "draft_bytes": draft_bytes,
        "bytes": dbs.size(url, None if dbs.dialect == "sqlite" else STORED),
        "rows": len(rows),
        "load_before": before,
        "load_after": load(),
    }


RATIOS = {  # name: (ours, floor)
    "draft_ratio": ("draft_s", "bare_insert_s"),
    "draft_schema_ratio": ("draft_s", "schema_insert_s"),
    "msgids_ratio": ("msgids_s", "bare_insert_s"),
    "msgids_schema_ratio": ("msgids_s", "schema_update_s"),
}
TIMES = ("draft_s", "msgids_s", "bare_insert_s", "bare_update_s", "schema_insert_s",
         "schema_update_s")  # fmt: skip


def measure(dialect: str, rows: int, repeats: int) -> dict[str, Any]:
    with databases(dialect) as dbs:
        store = Store(dbs.fresh())  # only its (empty) stop list is read
        checked, plan, plan_s = reviewed(rows, store)
        store.close()
        runs = [one_run(dbs, checked, plan) for _ in range(repeats)]
    best: dict[str, Any] = {"dialect": dialect, "recipients": plan.recipients,
                            "requests": plan.requests, "plan_s": plan_s, "runs": runs}  # fmt: skip
    for key in TIMES:
        best[key] = min(r[key] for r in runs)
    for run_ in [best, *runs]:
        for name, (ours, floor) in RATIOS.items():
            run_[name] = run_[ours] / run_[floor]
    for key in ("draft_bytes", "bytes", "bare_bytes", "schema_bytes"):
        best[key] = runs[-1][key]
    return best


def verdict(ratio: float) -> str:
    return f"(target <= {TARGET_RATIO:g}x: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'})"


def report(r: dict[str, Any]) -> bool:
    n = r["recipients"]
    print(
        f"bench_draft [{r['dialect']}]: {n:,} recipients, {r['requests']:,} requests, "
        f"best of {len(r['runs'])} (each time its best); load average {load()}"
    )
    print(f"  plan (made before the click; not timed in the draft)   {r['plan_s']:7.2f} s")
    print(f"  floor: bulk insert into a bare table (columns + key)   {r['bare_insert_s']:7.2f} s")
    print(f"  floor: bulk insert into the store's own recipients     {r['schema_insert_s']:7.2f} s")
    print(f"  floor: bulk update of the msgIds, bare table           {r['bare_update_s']:7.2f} s")
    print(f"  floor: bulk update of the msgIds, the store's table    {r['schema_update_s']:7.2f} s")
    print(
        f"  draft [{r['dialect']}]: Review the campaign -> stored    {r['draft_s']:7.2f} s   "
        f"ratio {r['draft_ratio']:.2f}x the bare insert {verdict(r['draft_ratio'])}; "
        f"{r['draft_schema_ratio']:.2f}x the insert into the store's table"
    )
    print(
        f"  msgIds [{r['dialect']}] onto their rows                  {r['msgids_s']:7.2f} s   "
        f"ratio {r['msgids_ratio']:.2f}x the bare insert {verdict(r['msgids_ratio'])}; "
        f"{r['msgids_schema_ratio']:.2f}x the update of the store's table"
    )
    print(
        f"  database size per recipient: {r['draft_bytes'] / n:.0f} bytes after the draft, "
        f"{r['bytes'] / n:.0f} with the msgIds ({r['bytes'] / 2**20:.1f} MiB); a row of the "
        f"bare table {r['bare_bytes'] / n:.0f}, of the store's table {r['schema_bytes'] / n:.0f}"
    )
    for i, run_ in enumerate(r["runs"], 1):
        print(
            f"  run {i}: draft {run_['draft_s']:.2f} s ({run_['draft_ratio']:.2f}x bare, "
            f"{run_['draft_schema_ratio']:.2f}x table), msgIds {run_['msgids_s']:.2f} s "
            f"({run_['msgids_ratio']:.2f}x bare insert, {run_['msgids_schema_ratio']:.2f}x "
            f"table update); floors {run_['bare_insert_s']:.2f} / {run_['schema_insert_s']:.2f} "
            f"/ {run_['bare_update_s']:.2f} / {run_['schema_update_s']:.2f} s; "
            f"load average {run_['load_before']} -> {run_['load_after']}"
        )
    return r["draft_ratio"] <= TARGET_RATIO and r["msgids_ratio"] <= TARGET_RATIO


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000, help="recipients (default 1,000,000)")
    p.add_argument("--dialect", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--repeats", type=int, default=3, help="take the best of N runs (default 3)")
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = p.parse_args(argv)
    dialects = ("sqlite", "postgres") if args.dialect == "both" else (args.dialect,)
    ok = True
    for dialect in dialects:
        result = measure(dialect, args.rows, args.repeats)
        ok = report(result) and ok
        if args.json:
            print(json.dumps(result, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
