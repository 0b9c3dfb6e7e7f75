"""Ten people using the console at once, in one headless Chromium: every page's time.

    .venv/bin/python benchmarks/bench_people.py                  # uploads of 200,000 rows
    .venv/bin/python benchmarks/bench_people.py --rows 20000 --rounds 2

Target (issue 14, goal 6): 2 people uploading 200,000-row lists, 4 watching delivery
reports and 4 browsing the history, all at once; no page takes more than 2 s.

How it measures:

- **Server**: ``streamlit run server.py`` as ``bench_browser.py`` starts it (sandbox mode, a
  fresh migrated SQLite database, the background work and the platform's sandbox in the
  same process), on a free loopback port, stopped at the end.
- **History**: finished campaigns stored through the core before anyone comes
  (``--history``, recipients each; numbers ending in 9 fail), sent by the server's own
  worker to its sandbox, with their delivery receipts. Their total stays within the
  sandbox's starting balance (about 16,000 messages), or the money guard pauses them.
- **People**: one Chromium (Debian's, never ``playwright install``), a browser context
  (its own cookies and Streamlit session) per person, all ten driven at once by asyncio,
  each doing its role's journey ``--rounds`` times:
  - *uploading*: New campaign; the list (``bench_cli.py``'s workbook) until "Ready to send"
    shows its count; a message until its preview shows; the file removed again;
  - *watching reports*: a campaign's delivery report until its counts show; the list of
    reports (both opened by their address, as from a link: the list is the same page);
  - *browsing history*: the campaigns list; one campaign until its figures show; the
    list of reports.
- **A page's time**: from the click (or the address typed) to its main content visible
  (the element named in each line), as a person waits for it.
- **Server memory**: resident size sampled every 50 ms (idle, and the peak while the ten
  work). **Load**: the load average before, at its highest during, and after the run.

Prints every page's time, the worst per role, and the verdict; exits 0 only when no page
took more than the target. Screenshots of each person's last page are kept.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_browser  # noqa: E402  (the same server start, Chromium and memory sampler)
import bench_cli  # noqa: E402  (the same workbook)

TARGET_S = 2.0
ROLES = {"uploading": 2, "watching reports": 4, "browsing history": 4}
WAIT_MS = 300_000  # how long a page may take before the run gives up on it (not the target)
MESSAGE = "Hello {Name}, our sale in {City} starts today (round %d)"


@dataclass(frozen=True)
class Timing:
    role: str
    person: int
    round: int
    page: str
    seconds: float


# ------------------------------------------------------------------ the store's history
def build_history(database: str, sizes: list[int]) -> list[int]:
    """Campaigns of ``sizes`` recipients stored and confirmed, for the server to send."""
    from itnio_core.campaigns import flow
    from itnio_core.campaigns import store as cs
    from itnio_core.store.engine import Store

    store = Store(database)
    ids = []
    for n, size in enumerate(sizes):
        lines = ["Name,Phone,City"]
        lines += [f"Name{i % 97},+91 98{n:02d}{i:06d},City{i % 13}" for i in range(size)]
        upload = flow.load_upload("\n".join(lines).encode(), f"history-{n + 1}.csv")
        checked = flow.check_upload(store, upload)
        content = "Hi {Name}, your order is on its way to {City}."
        plan = flow.plan(checked, content)
        draft = flow.save_draft(
            store, checked, plan, name=f"History {n + 1}", content=content, sender_id="",
            user="bench",
        )  # fmt: skip
        cs.confirm(store, draft, user="bench")
        ids.append(draft)
    return ids


def wait_finished(database: str, ids: list[int], bound_s: float = 900) -> float:
    from itnio_core.campaigns import store as cs
    from itnio_core.store.engine import Store

    store = Store(database)
    started = time.monotonic()
    while time.monotonic() - started < bound_s:
        found = [cs.get(store, i) for i in ids]
        stuck = [c.id for c in found if c is not None and c.status in (cs.PAUSED, cs.STOPPED)]
        if stuck:  # e.g. the sandbox's balance ran out (about 16,000 messages): a smaller
            raise SystemExit(f"history campaigns {stuck} were paused; try a smaller --history")
        if all(c is not None and c.status == cs.FINISHED for c in found):
            time.sleep(5)  # the sandbox's receipts come about 3 s after each send
            return time.monotonic() - started
        time.sleep(1)
    raise SystemExit(f"the history campaigns did not finish within {bound_s:.0f} s")


# ------------------------------------------------------------------ people
class Person:
    def __init__(self, page: Any, url: str, role: str, number: int, out: list[Timing]) -> None:
        self.page, self.url, self.role, self.number, self.out = page, url, role, number, out
        self.round = 0

    async def timed(self, name: str, action: Callable[[], Awaitable[Any]], *shown: Any) -> None:
        """``action``, then each of ``shown`` visible (the page's heading, then its content)."""
        from playwright.async_api import expect

        started = time.perf_counter()
        await action()
        for thing in shown:
            await expect(thing).to_be_visible(timeout=WAIT_MS)
        seconds = time.perf_counter() - started
        self.out.append(Timing(self.role, self.number, self.round, name, seconds))
        print(f"  {self.role} #{self.number} round {self.round + 1}: {name} {seconds:.2f} s",
              flush=True)  # fmt: skip

    async def settled(self) -> None:
        """The page's run finished (so the next click is not taken by a run still going)."""
        from playwright.async_api import expect

        app = self.page.get_by_test_id("stApp")
        await expect(app).to_have_attribute("data-test-script-state", "notRunning",
                                            timeout=WAIT_MS)  # fmt: skip

    async def goto(self, path: str) -> None:
        await self.page.goto(f"{self.url}/{path}", wait_until="commit")

    async def nav(self, label: str) -> None:
        nav = self.page.get_by_test_id("stSidebarNav")
        await nav.get_by_text(label, exact=True).last.click()

    def heading(self, text: str) -> Any:
        return self.page.get_by_role("heading", name=text, exact=True)

    def table(self) -> Any:
        return self.page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first

    def metric(self, label: str) -> Any:
        box = self.page.get_by_test_id("stMetric").filter(has_text=label).first
        return box.get_by_test_id("stMetricValue")


async def uploading(who: Person, path: Path) -> None:
    page = who.page
    if who.round == 0:
        await who.timed("New campaign", lambda: who.goto("campaign_new"),
                        page.get_by_test_id("stFileUploader"))  # fmt: skip
    else:  # from elsewhere, as a person comes back to it
        await who.timed("campaigns list", lambda: who.nav("Campaigns"),
                        who.heading("Campaigns"), who.table())  # fmt: skip
        await who.settled()
        await who.timed("New campaign", lambda: who.nav("New campaign"),
                        page.get_by_test_id("stFileUploader"))  # fmt: skip
    await who.settled()
    box = page.get_by_test_id("stFileUploader").first.locator('input[type="file"]')
    ready = who.metric("Ready to send")  # gone since the file before was removed
    await who.timed(f"upload {path.stem} to verdicts", lambda: box.set_input_files(str(path)),
                    ready)  # fmt: skip
    await who.settled()
    text = page.locator(".st-key-new_content textarea")
    await text.fill(MESSAGE % who.round)

    async def leave_the_box() -> None:
        await text.press("Control+Enter")

    shown = page.get_by_test_id("stText").filter(has_text=f"(round {who.round})").first
    await who.timed("message to preview", leave_the_box, shown)
    await who.settled()
    remove = page.get_by_test_id("stFileChipDeleteBtn").first

    async def gone() -> None:
        await remove.click()

    await who.timed("file removed", gone, page.get_by_test_id("stCaptionContainer").filter(
        has_text="finds the phone column").first)  # fmt: skip
    await who.settled()


async def watching(who: Person, campaigns: list[int]) -> None:
    campaign = campaigns[(who.number + who.round) % len(campaigns)]
    await who.timed(f"report of campaign #{campaign}",
                    lambda: who.goto(f"reports?campaign={campaign}"),
                    who.metric("Delivered"))  # fmt: skip
    await who.settled()
    await who.timed("delivery reports list", lambda: who.goto("reports"),
                    who.heading("Delivery reports"), who.table())  # fmt: skip
    await who.settled()


async def browsing(who: Person, campaigns: list[int]) -> None:
    if who.round == 0:
        await who.timed("campaigns list", lambda: who.goto("campaigns"),
                        who.heading("Campaigns"), who.table())  # fmt: skip
    else:
        await who.timed("campaigns list", lambda: who.nav("Campaigns"),
                        who.heading("Campaigns"), who.table())  # fmt: skip
    await who.settled()
    campaign = campaigns[(who.number * 3 + who.round) % len(campaigns)]
    await who.timed(f"campaign #{campaign}", lambda: who.goto(f"campaigns?id={campaign}"),
                    who.metric("Accepted by the platform"))  # fmt: skip
    await who.settled()
    await who.timed("delivery reports list", lambda: who.nav("Delivery reports"),
                    who.heading("Delivery reports"), who.table())  # fmt: skip
    await who.settled()


async def warm_up(browser: Any, url: str, campaign: int) -> None:
    """Each page opened once, untimed: a server that has been up a while has run them."""
    from playwright.async_api import expect

    context = await browser.new_context()
    page = await context.new_page()
    paths = ["", "campaign_new", "campaigns", f"campaigns?id={campaign}", "reports",
             f"reports?campaign={campaign}"]  # fmt: skip
    for path in paths:
        started = time.perf_counter()
        await page.goto(f"{url}/{path}")
        app = page.get_by_test_id("stApp")
        await expect(app).to_have_attribute("data-test-script-state", "notRunning",
                                            timeout=WAIT_MS)  # fmt: skip
        print(f"  warm-up, one person alone: /{path} {time.perf_counter() - started:.2f} s "
              "until its run finished", flush=True)  # fmt: skip
    await context.close()


async def everyone(url: str, args: argparse.Namespace, upload: Path,
                   campaigns: list[int], shots: Path) -> list[Timing]:  # fmt: skip
    from playwright.async_api import async_playwright

    out: list[Timing] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=bench_browser.CHROMIUM_ARGS
        )

        await warm_up(browser, url, campaigns[0])

        async def person(role: str, number: int) -> None:
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            page.set_default_timeout(WAIT_MS)
            who = Person(page, url, role, number, out)
            try:
                for r in range(args.rounds):
                    who.round = r
                    if role == "uploading":
                        await uploading(who, upload)
                    elif role == "watching reports":
                        await watching(who, campaigns)
                    else:
                        await browsing(who, campaigns)
            finally:
                name = f"{role.split()[0]}-{number}.png"
                await page.screenshot(path=str(shots / name), full_page=True)
                await context.close()

        await asyncio.gather(
            *(person(role, n + 1) for role, count in ROLES.items() for n in range(count))
        )
        await browser.close()
    return out


# ------------------------------------------------------------------ the run
TICK = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, float]]:
    """Every process: pid -> (parent pid, CPU seconds used so far)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return found


def descendants(root: int, table: dict[int, tuple[int, float]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


class LoadWatch(threading.Thread):
    """The highest 1-minute load average seen while it runs, and the CPU seconds the server
    and the browser (this process's other children: Playwright's driver and Chromium) use."""

    def __init__(self, server: int) -> None:
        super().__init__(daemon=True)
        self.top, self.running, self.server = os.getloadavg()[0], True, server
        self.start_cpu = self._cpu_now()
        self.cpu = dict(self.start_cpu)
        self.started = time.monotonic()

    def _cpu_now(self) -> dict[int, tuple[str, float]]:
        table = processes()
        server = descendants(self.server, table)
        browser = descendants(os.getpid(), table) - server - {os.getpid()}
        return {pid: ("server" if pid in server else "browser", table[pid][1])
                for pid in server | browser}  # fmt: skip

    def run(self) -> None:
        while self.running:
            self.top = max(self.top, os.getloadavg()[0])
            self.cpu.update(self._cpu_now())  # a process that ended keeps its last figure
            time.sleep(1)

    def used(self) -> str:
        wall = time.monotonic() - self.started
        spent = {"server": 0.0, "browser": 0.0}
        for pid, (side, seconds) in self.cpu.items():
            spent[side] += seconds - self.start_cpu.get(pid, (side, 0.0))[1]
        return (f"CPU used in {wall:.0f} s: the server {spent['server']:.0f} s, the browser "
                f"(ten people's Chromium) {spent['browser']:.0f} s, on 2 cores")  # fmt: skip


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(timings: list[Timing], target: float) -> bool:
    print("\nworst page per role (every round, every person):")
    ok = True
    for role in ROLES:
        mine = [t for t in timings if t.role == role]
        worst = max(mine, key=lambda t: t.seconds)
        over = [t for t in mine if t.seconds > target]
        ok = ok and not over
        pages = sorted({t.page.split(" #")[0] for t in mine})
        print(f"  {role:<17} worst {worst.seconds:5.2f} s ({worst.page}, person "
              f"{worst.person}, round {worst.round + 1}); {len(mine)} pages, {len(over)} over "
              f"{target:g} s; pages: {', '.join(pages)}")  # fmt: skip
    worst = max(t.seconds for t in timings)
    print(f"PEOPLE worst page of {len(timings)} {worst:.2f} s (target <= {target:g} s: "
          f"{'pass' if ok else 'FAIL'})")  # fmt: skip
    return ok


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of each upload")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--history", default="6000,3000,2000,1000,500,500",
                        help="recipients of each finished campaign in the store")  # fmt: skip
    parser.add_argument("--target", type=float, default=TARGET_S)
    args = parser.parse_args()
    print(f"load average before {load()}", flush=True)
    upload = bench_cli.make_input(args.rows)
    work = Path(tempfile.mkdtemp(prefix="bench_people_"))
    shots = work / "screenshots"
    shots.mkdir()
    server, url = bench_browser.start_server(work)
    database = f"sqlite:///{work / 'console.db'}"
    sampler = bench_browser.Sampler(server.pid)
    sampler.start()
    try:
        sizes = [int(s) for s in args.history.split(",") if s.strip()]
        made = time.perf_counter()
        campaigns = build_history(database, sizes)
        print(f"history: {len(sizes)} campaigns, {sum(sizes):,} recipients stored in "
              f"{time.perf_counter() - made:.1f} s", flush=True)  # fmt: skip
        sent = wait_finished(database, campaigns)
        print(f"history sent and reported by the server's worker in {sent:.1f} s", flush=True)
        time.sleep(2)
        idle = bench_browser.rss_mib(server.pid)
        sampler.reset()
        watch = LoadWatch(server.pid)
        watch.start()
        before = load()
        print(f"ten people, {args.rounds} rounds each; load average {before}", flush=True)
        started = time.perf_counter()
        timings = asyncio.run(everyone(url, args, upload, campaigns, shots))
        elapsed = time.perf_counter() - started
        watch.running = False
        peak = sampler.top
    finally:
        sampler.running = False
        bench_browser.stop(server)
    ok = report(timings, args.target)
    print(f"the ten took {elapsed:.1f} s; server memory idle {idle:.0f} MiB, peak {peak:.0f} "
          f"MiB; load average before {before}, highest 1-minute {watch.top:.2f}, after "
          f"{load()}\n{watch.used()}\nscreenshots: {shots}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
