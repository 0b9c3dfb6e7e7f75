"""Delivery receipts pushed at the receiver: 200,000 POSTs over loopback HTTP.

    .venv/bin/python benchmarks/bench_receipts.py                    # 200,000 receipts
    .venv/bin/python benchmarks/bench_receipts.py --receipts 20000   # quicker
    .venv/bin/python benchmarks/bench_receipts.py --database postgresql+psycopg://...

Target (the issue): receipts stored per second at least 0.5x a bare Starlette route that only
parses the JSON, measured in the same run, with 8 concurrent clients and 5% duplicates; no
receipt may be lost (every msgId stored once, every POST answered 200 and counted).

Each server is its own process (uvicorn, one worker, as ``scripts/start`` serves the app):
the bare route, then the app's own routes (``itnio_core.server.routes``) on a fresh migrated
database (SQLite in a temporary folder unless ``--database``). The 8 clients are processes
too, each with one keep-alive connection, posting the same bodies to both.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP_ID = "sandSMS1"
CLIENTS = 8
DUPLICATES = 0.05


# ------------------------------------------------------------------ the servers
def serve(mode: str, port: int, database: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    if mode == "bare":

        async def parse_only(request: Request) -> PlainTextResponse:
            json.loads(await request.body())
            return PlainTextResponse("ok")

        app = Starlette(routes=[Route("/hooks/dlr/{token}", parse_only, methods=["POST"])])
    else:
        from itnio_core import receipts
        from itnio_core.server import routes
        from itnio_core.store import Store

        receipts.serve(Store(database), {APP_ID})
        app = Starlette(routes=routes())
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(mode: str, database: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    cmd = [sys.executable, __file__, "--serve", mode, "--port", str(port), "--database", database]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the {mode} server did not start")


# ------------------------------------------------------------------ the clients
def bodies(total: int, client: int) -> list[bytes]:
    """This client's share: receipts of its own msgIds, 5% of them posted twice."""
    import random

    rng = random.Random(client)
    out: list[bytes] = []
    seq = 0
    while len(out) < total:
        if out and rng.random() < DUPLICATES:
            out.append(out[rng.randrange(len(out))])
            continue
        number = f"9198765{client:02d}{seq % 1000:03d}"
        msg_id = f"261203123456{client}{seq:06d}"
        seq += 1
        receipt = {
            "appId": APP_ID, "orderId": f"b{client}-{seq}", "msgid": msg_id, "mobile": number,
            "status": 1 if number.endswith("9") else 0, "reason": "0",
            "timestamp": 1764700000000 + seq, "mcc": "404", "mnc": "-1",
            "pricedetail": {"pay": "0.005", "currency": "USD", "chargeCnt": 1, "price": "0.005"},
        }  # fmt: skip
        out.append(json.dumps(receipt).encode())
    return out


def post_all(args: tuple[int, str, int, int]) -> tuple[int, int]:
    port, path, total, client = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json;charset=UTF-8"}
    ok = bad = 0
    for body in bodies(total, client):
        conn.request("POST", path, body=body, headers=headers)
        answer = conn.getresponse()
        answer.read()
        if answer.status == 200:
            ok += 1
        else:
            bad += 1
    conn.close()
    return ok, bad


def blast(port: int, path: str, total: int) -> tuple[float, int, int]:
    share = total // CLIENTS
    with multiprocessing.Pool(CLIENTS) as pool:
        start = time.perf_counter()
        results = pool.map(post_all, [(port, path, share, c) for c in range(CLIENTS)])
        elapsed = time.perf_counter() - start
    return elapsed, sum(r[0] for r in results), sum(r[1] for r in results)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receipts", type=int, default=200_000)
    parser.add_argument("--database", default="")
    parser.add_argument("--serve", choices=("bare", "receiver"))
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.database)
        return
    import sqlalchemy as sa

    from itnio_core import receipts
    from itnio_core.store import Store, delivery_status, make_engine, migrate

    folder = Path(tempfile.mkdtemp(prefix="bench-receipts-"))
    database = args.database or f"sqlite:///{folder / 'console.db'}"
    engine = make_engine(database)
    migrate.upgrade(engine)
    engine.dispose()
    store = Store(database)
    path = receipts.path(receipts.token(store))
    total = args.receipts // CLIENTS * CLIENTS
    unique = sum(len(set(bodies(total // CLIENTS, c))) for c in range(CLIENTS))
    print(f"{total:,} receipts ({unique:,} msgIds), {CLIENTS} clients, load {os.getloadavg()}")

    figures = {}
    for mode in ("bare", "receiver"):
        proc, port = _start(mode, database)
        try:
            elapsed, ok, bad = blast(port, path, total)
        finally:
            _stop(proc)
        figures[mode] = total / elapsed
        print(f"  {mode:9s} {elapsed:7.1f} s  {total / elapsed:8,.0f} receipts/s  200: {ok:,}  "
              f"other: {bad:,}")  # fmt: skip
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(delivery_status)).scalar()
        counted = receipts.counters(conn).get(receipts.STORED, (0, None))[0]
    ratio = figures["receiver"] / figures["bare"]
    lost = unique - int(stored or 0)
    print(f"  stored {stored:,} msgIds (lost {lost:,}); counted {counted:,} receipts")
    verdict = "pass" if ratio >= 0.5 and lost == 0 and counted == total else "FAIL"
    print(f"receiver / bare route: {ratio:.2f}x; target >= 0.5x, none lost: {verdict}")
    print(f"load average after: {os.getloadavg()}")
    store.close()


if __name__ == "__main__":
    main()
