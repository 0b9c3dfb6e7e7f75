"""Every page: its file, title, icon, and the action a person needs to open it."""

from __future__ import annotations

from typing import NamedTuple

from itnio_core.auth import Action
from views._i18n import N_


class PageSpec(NamedTuple):
    section: str
    path: str
    title: str
    icon: str
    needs: Action


# Navigation, grouped by task. The "" section has no heading and holds Home (the default).
PAGES = (
    PageSpec("", "views/home.py", N_("Home"), ":material/home:", Action.VIEW),
    PageSpec(N_("Campaigns"), "views/campaign_new.py", N_("New campaign"), ":material/send:",
             Action.SEND_CAMPAIGN),
    PageSpec(N_("Campaigns"), "views/campaigns.py", N_("Campaigns"), ":material/campaign:",
             Action.VIEW),
    PageSpec(N_("Campaigns"), "views/stop_list.py", N_("Stop list"), ":material/block:",
             Action.EDIT_STOP_LIST),
    PageSpec(N_("Reports"), "views/reports.py", N_("Delivery reports"), ":material/monitoring:",
             Action.VIEW),
    PageSpec(N_("OTP"), "views/otp_send.py", N_("Send an OTP"), ":material/password:",
             Action.SEND_OTP),
    PageSpec(N_("OTP"), "views/otp_inspect.py", N_("Look up an OTP"), ":material/manage_search:",
             Action.LOOKUP_OTP),
    PageSpec(N_("OTP"), "views/otp_history.py", N_("OTP history"), ":material/history_edu:",
             Action.VIEW),
    PageSpec(N_("Conversions"), "views/conversions.py", N_("Report conversions"),
             ":material/task_alt:", Action.REPORT_CONVERSION),
    PageSpec(N_("Settings"), "views/settings.py", N_("Settings"), ":material/settings:",
             Action.CHANGE_SETTINGS),
    PageSpec(N_("Settings"), "views/users.py", N_("Users"), ":material/group:",
             Action.MANAGE_USERS),
    PageSpec(N_("Settings"), "views/audit_log.py", N_("Audit log"), ":material/policy:",
             Action.VIEW_AUDIT),
    PageSpec(N_("Settings"), "views/api_activity.py", N_("API activity"), ":material/history:",
             Action.VIEW),
)  # fmt: skip
