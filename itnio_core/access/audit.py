"""The audit log: who did what, when, and how it went.

API calls are already recorded one by one in ``api_calls`` (with the user);
this module records what is not an API call (sign-in, failed sign-in,
sign-out, settings changes, exports, campaign confirmations, stop-list edits)
and reads both back as one list, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Final

import pandas as pd
import sqlalchemy as sa

from ..api import ENDPOINT_LABELS
from ..common import aware, utc_now
from ..sheets import frames_to_xlsx
from ..store import Store, api_calls, audit_log

SIGN_IN: Final = "sign_in"
SIGN_IN_FAILED: Final = "sign_in_failed"
SIGN_OUT: Final = "sign_out"
SETTINGS_CHANGE: Final = "settings_change"
EXPORT: Final = "export"
CAMPAIGN_CONFIRM: Final = "campaign_confirm"
CAMPAIGN_CONTROL: Final = "campaign_control"
STOP_LIST_EDIT: Final = "stop_list_edit"
ACCESS_DENIED: Final = "access_denied"
PRICE_CHANGE: Final = "price_change"
BALANCE_OVERRIDE: Final = "balance_override"
TEMPLATE_CHANGE: Final = "template_change"

# action -> (English, Chinese), for the page and the exported file
ACTION_LABELS: Final[dict[str, tuple[str, str]]] = {
    SIGN_IN: ("Signed in", "登录"),
    SIGN_IN_FAILED: ("Failed sign-in", "登录失败"),
    SIGN_OUT: ("Signed out", "退出登录"),
    SETTINGS_CHANGE: ("Changed a setting", "修改设置"),
    EXPORT: ("Downloaded a file", "下载文件"),
    CAMPAIGN_CONFIRM: ("Confirmed a campaign", "确认群发"),
    CAMPAIGN_CONTROL: ("Paused, resumed or cancelled a campaign", "暂停/继续/取消群发"),
    STOP_LIST_EDIT: ("Changed the stop list", "修改退订名单"),
    ACCESS_DENIED: ("Was refused", "被拒绝"),
    PRICE_CHANGE: ("Changed the price list", "修改价格表"),
    BALANCE_OVERRIDE: ("Allowed sending until the balance runs out", "允许发送至余额用完"),
    TEMPLATE_CHANGE: ("Changed a message template", "修改短信模板"),
    **{f"api:{name}": labels for name, labels in ENDPOINT_LABELS.items()},
}

OK: Final = "ok"
FAILED: Final = "failed"


@dataclass(frozen=True)
class Entry:
    at: datetime
    user: str
    action: str  # a key of ACTION_LABELS
    what: str
    result: str  # ok | failed | the API's status code and reason
    detail: str = ""

    def action_label(self, lang: str = "en") -> str:
        en, zh = ACTION_LABELS.get(self.action, (self.action, self.action))
        return zh if lang.startswith("zh") else en


def record(
    store: Store,
    user: str | None,
    action: str,
    *,
    what: str = "",
    result: str = OK,
    detail: str = "",
) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            audit_log.insert().values(
                at=utc_now(),
                user=user,
                action=action,
                what=what[:2000],
                result=result[:20],
                detail=detail[:4000],
            )
        )


def entries(
    store: Store,
    *,
    user: str | None = None,
    actions: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[Entry]:
    """Audit records and API calls together, newest first, filtered."""
    found: list[Entry] = []
    api_wanted = None if not actions else [a[4:] for a in actions if a.startswith("api:")]
    own_wanted = None if not actions else [a for a in actions if not a.startswith("api:")]
    with store.engine.connect() as conn:
        if own_wanted is None or own_wanted:
            query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
            query = _filters(query, audit_log, user, since, until)
            if own_wanted:
                query = query.where(audit_log.c.action.in_(own_wanted))
            for row in conn.execute(query).mappings():
                found.append(
                    Entry(
                        aware(row["at"]), row["user"] or "", row["action"], row["what"],
                        row["result"], row["detail"],
                    )
                )  # fmt: skip
        if api_wanted is None or api_wanted:
            query = sa.select(api_calls).order_by(api_calls.c.id.desc()).limit(limit)
            query = _filters(query, api_calls, user, since, until)
            if api_wanted:
                query = query.where(api_calls.c.endpoint.in_(api_wanted))
            for row in conn.execute(query).mappings():
                found.append(_api_entry(row))
    found.sort(key=lambda e: e.at, reverse=True)
    return found[:limit]


def _filters(
    query: sa.Select[tuple[object, ...]],
    table: sa.Table,
    user: str | None,
    since: datetime | None,
    until: datetime | None,
) -> sa.Select[tuple[object, ...]]:
    if user:
        query = query.where(table.c.user == user)
    if since:
        query = query.where(table.c.at >= since)
    if until:
        query = query.where(table.c.at < until)
    return query


def _api_entry(row: sa.RowMapping) -> Entry:
    status = row["status"]
    if row["error"]:
        result = "failed"
    elif status == 0:
        result = OK
    elif status is None:
        result = "failed"
    else:
        result = f"status {status}"
    count = row["id_count"]
    what = f"{count:,} id(s)" if count else ""
    return Entry(
        aware(row["at"]),
        row["user"] or "",
        f"api:{row['endpoint']}",
        what,
        result,
        (row["reason"] or row["error"] or "")[:500],
    )


def users(store: Store) -> list[str]:
    """Everyone who appears in the log, for the filter."""
    with store.engine.connect() as conn:
        own = conn.execute(sa.select(audit_log.c.user).distinct()).scalars().all()
        api = conn.execute(sa.select(api_calls.c.user).distinct()).scalars().all()
    return sorted({u for u in (*own, *api) if u})


def table(found: list[Entry], lang: str, zone: tzinfo, zone_name: str) -> pd.DataFrame:
    """The entries as a table with headings in ``lang``; times on the viewer's clock."""
    zh = lang.startswith("zh")
    heads = (
        (f"时间（{zone_name}）", "用户", "操作", "内容", "结果", "详情")
        if zh
        else (f"Time ({zone_name})", "User", "Action", "What", "Result", "Detail")
    )
    rows = [
        (
            f"{e.at.astimezone(zone):%Y-%m-%d %H:%M:%S}",
            e.user or "—",
            e.action_label(lang),
            e.what,
            _result_label(e.result, zh),
            e.detail,
        )
        for e in found
    ]
    return pd.DataFrame(rows, columns=list(heads))


def _result_label(result: str, zh: bool) -> str:
    if result == OK:
        return "成功" if zh else "Succeeded"
    if result == FAILED:
        return "失败" if zh else "Failed"
    return result.replace("status", "状态码") if zh else result


def export_xlsx(frame: pd.DataFrame) -> bytes:
    """The audit table as a workbook (text stays text: no formulas from user names)."""
    return frames_to_xlsx({"Audit log": frame})
