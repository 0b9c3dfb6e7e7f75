"""A big draft's rows and its msgIds, written the fast way (COPY on PostgreSQL, the driver's
executemany on SQLite): the same rows as the portable path, nothing half-stored after a
failure, and every msgId on its own row whatever the answer's order."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from itnio_core.campaigns import bulk_write, request_log
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.store import campaigns, recipients, send_requests

# Text that COPY's CSV and a tuple must both keep as written: quotes, commas, a tab, line
# breaks, a backslash, COPY's end-of-data marker, an empty cell (NULL is not ""), Chinese.
RAW = ['+44 7400 000001', 'a,"b"', "tab\there", "two\nlines\r\n", "back\\slash",
       "\\.", "", "号码 447400000007", "447400000008"]  # fmt: skip
NUMBERS = ["447400000001", "447400000002", "447400000003", "447400000004", "447400000005",
           "447400000006", "", "", "447400000008"]  # fmt: skip
VERDICT = ["ok", "ok", "ok", "ok", "ok", "ok", "empty", "invalid", "ok"]


def a_plan(content: str = "Hi {Name}") -> object:
    frame = pd.DataFrame({"Phone": RAW, "Name": ["Ana", "Bo", "Ana", "Chen", "Ana", "Bo",
                                                 "", "Dévora", "Ana"]})  # fmt: skip
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, 2 + len(RAW)),
            "raw": RAW,
            "number": NUMBERS,
            "verdict": VERDICT,
            "reason": ["" if v == "ok" else f'Reason, "{v}"\n' for v in VERDICT],
            "reason_zh": ["" if v == "ok" else "原因" for v in VERDICT],
        }
    )
    return plan_campaign(frame, verdicts, content)


def stored(store, campaign_id: int) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(recipients)
            .where(recipients.c.campaign_id == campaign_id)
            .order_by(recipients.c.row_index)
        ).mappings()
        out = [dict(r) for r in rows]
        ids = dict(
            conn.execute(
                sa.select(send_requests.c.id, send_requests.c.seq).where(
                    send_requests.c.campaign_id == campaign_id
                )
            ).all()
        )
    for row in out:  # request ids differ between drafts: compare their seq
        row.pop("campaign_id")
        row["request_id"] = ids.get(row["request_id"])
        row["order_id"] = None if row["order_id"] is None else row["order_id"].split("-")[-1]
    return out


def draft(store, plan, name: str) -> int:
    return cs.create_draft(
        store, plan, name=name, content="Hi {Name}", sender_id="", user="a",
        verdict_counts={"ok": 7},
    )  # fmt: skip


def test_the_fast_path_stores_the_same_rows_as_the_portable_one(store, monkeypatch):
    plan = a_plan()
    fast = stored(store, draft(store, plan, "fast"))
    monkeypatch.setattr(bulk_write, "FAST_PATHS", False)
    portable = stored(store, draft(store, plan, "portable"))
    assert fast == portable
    by_row = {r["excel_row"]: r for r in fast}
    assert [by_row[i + 2]["raw"] for i in range(len(RAW))] == RAW  # every text as written
    assert by_row[8]["reason"] == 'Reason, "empty"\n' and by_row[9]["reason_zh"] == "原因"
    assert by_row[8]["number"] == "" and by_row[2]["reason"] == ""  # "" stays "", not NULL
    unsent = [by_row[8], by_row[9]]
    assert [
        (r["submit_status"], r["order_id"], r["content_id"], r["request_id"]) for r in unsent
    ] == [("not_sent", None, None, None)] * 2
    sent = [r for r in fast if r["submit_status"] == "pending"]
    assert len(sent) == 7 and all(r["request_id"] == 0 and r["order_id"] for r in sent)
    assert sorted(r["row_index"] for r in fast) == list(range(len(RAW)))


def test_a_failure_mid_store_leaves_no_draft_at_all(store, monkeypatch):
    """The rows go in chunks; one that the database refuses undoes the campaign row, its
    requests and the chunks already written, and the same draft can then be stored once."""
    plan = a_plan()
    monkeypatch.setattr(bulk_write, "CHUNK", 2)
    real = cs.recipient_columns

    def broken(*args):
        columns = real(*args)
        numbers = columns["number"].to_pylist()
        numbers[-1] = None  # NOT NULL: refused by the database in the last chunk
        columns["number"] = bulk_write.pa.array(numbers, bulk_write.pa.string())
        return columns

    monkeypatch.setattr(cs, "recipient_columns", broken)
    with pytest.raises(sa.exc.DBAPIError):
        cs.create_draft(store, plan, name="x", content="Hi {Name}", sender_id="", user="a",
                        verdict_counts={}, key="k1")  # fmt: skip
    with store.engine.connect() as conn:
        for table in (campaigns, send_requests, recipients):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
    monkeypatch.setattr(cs, "recipient_columns", real)
    first = cs.create_draft(store, plan, name="x", content="Hi {Name}", sender_id="", user="a",
                            verdict_counts={}, key="k1")  # fmt: skip
    again = cs.create_draft(store, plan, name="x", content="Hi {Name}", sender_id="", user="a",
                            verdict_counts={}, key="k1")  # fmt: skip
    assert first == again
    assert len(stored(store, first)) == len(RAW)


def answer_requests(store, campaign_id: int, arrange) -> dict[str, str]:
    """Every request done, answered with ``arrange(entries)``; {orderId: msgId} given."""
    given = {}
    with store.engine.begin() as conn:
        todo = conn.execute(
            sa.select(send_requests.c.id, send_requests.c.body).where(
                send_requests.c.campaign_id == campaign_id
            )
        ).all()
        for request_id, body in todo:
            entries = []
            for _text, numbers, orders in json.loads(body):
                for number, order in zip(numbers, orders, strict=True):
                    given[order] = f"m{len(given):04d}"
                    entries.append({"msgId": given[order], "number": number, "orderId": order})
            entries = arrange(entries)
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(state="done", success=len(entries), answer=json.dumps({"array": entries}))
            )
    return given


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "portable"])
@pytest.mark.parametrize(
    ("arrange", "refused"),
    [(lambda e: e, 0), (lambda e: e[::-1], 0), (lambda e: e[1:], 3)],
    ids=["in-order", "reversed", "first-refused"],
)
def test_every_msgid_lands_on_its_own_row(store, monkeypatch, fast, arrange, refused):
    """Three requests; the answer in the rows' order (matched by position), reversed (by
    orderId), or without its first number (refused by the platform)."""
    monkeypatch.setattr(bulk_write, "FAST_PATHS", fast)
    monkeypatch.setattr(bulk_write, "CHUNK", 3)  # the portable path writes in several steps
    monkeypatch.setattr(request_log, "REQUESTS_PER_READ", 1)
    frame = pd.DataFrame({"Phone": [f"4474000{i:05d}" for i in range(25)]})
    verdicts = pd.DataFrame({"excel_row": range(2, 27), "raw": frame["Phone"],
                             "number": frame["Phone"], "verdict": "ok", "reason": ""})  # fmt: skip
    plan = plan_campaign(frame, verdicts, "Hello")
    plan.rows["request_seq"] = np.arange(25) // 10  # three requests: 10, 10 and 5 numbers
    cid = draft(store, plan, "m")
    given = answer_requests(store, cid, arrange)
    assert request_log.materialise(store) == 3
    assert request_log.materialise(store) == 0  # nothing left: a second call changes nothing
    rows = stored(store, cid)
    with store.engine.connect() as conn:
        orders = dict(
            conn.execute(
                sa.select(recipients.c.row_index, recipients.c.order_id).where(
                    recipients.c.campaign_id == cid
                )
            ).all()
        )
    failed = [r for r in rows if r["submit_status"] == "failed"]
    assert len(failed) == refused
    assert all(r["msg_id"] is None and r["error"] == request_log.REFUSED_EN for r in failed)
    sent = [r for r in rows if r["submit_status"] == "sent"]
    assert len(sent) == 25 - refused
    assert all(r["msg_id"] == given[orders[r["row_index"]]] for r in sent)


def test_the_draft_key_follows_the_persons_own_order_ids(store):
    """Generated order ids change with every plan and are left out of the key; the person's
    own are part of it: the same list with other order ids is another draft."""
    from itnio_core.campaigns import flow

    data = b"Phone,Ref,Same,Other\n" + b"".join(
        f"4474000000{i:02d},r{i},r{i},{'x' if i == 1 else 'r'}{i}\n".encode() for i in range(3)
    )
    checked = flow.check_upload(store, flow.load_upload(data, "refs.csv"))
    args = {"name": "r", "content": "Hello", "sender_id": "", "user": "a"}

    def draft(column: str | None) -> int:
        return flow.save_draft(store, checked, flow.plan(checked, "Hello", column), **args)

    by_ref = draft("Ref")
    assert draft("Same") == by_ref  # the same order ids from another column: the same draft
    assert draft("Other") != by_ref  # one order id differs: another draft
    generated = draft(None)
    assert generated not in (by_ref, draft("Other"))
    assert draft(None) == generated  # new generated ids, the same draft
