"""Every page: its file, title, icon, and the action a person needs to open it."""

from __future__ import annotations

from typing import NamedTuple

from itnio_core.access import Action
from views._ui.i18n import N_


class PageSpec(NamedTuple):
    section: str
    path: str
    title: str
    icon: str
    needs: Action


# Every page's script. Its file name is its address (``/campaign_new``), kept as it was
# before the pages were grouped in folders, so bookmarks still open.
HOME = "views/home.py"
NEW_CAMPAIGN = "views/campaigns/campaign_new.py"
CAMPAIGNS = "views/campaigns/campaigns.py"
STOP_LIST = "views/campaigns/stop_list.py"
TEMPLATES = "views/campaigns/templates.py"
REPORTS = "views/reports/reports.py"
OTP_SEND = "views/otp/otp_send.py"
OTP_INSPECT = "views/otp/otp_inspect.py"
OTP_HISTORY = "views/otp/otp_history.py"
CONVERSIONS = "views/conversions/conversions.py"
SETTINGS = "views/settings/settings.py"
USERS = "views/settings/users.py"
AUDIT_LOG = "views/settings/audit_log.py"
API_ACTIVITY = "views/settings/api_activity.py"
PRICES = "views/settings/prices.py"
SPEND = "views/settings/spend.py"

# Navigation, grouped by task. The "" section has no heading and holds Home (the default).
PAGES = (
    PageSpec("", HOME, N_("Home"), ":material/home:", Action.VIEW),
    PageSpec(N_("Campaigns"), NEW_CAMPAIGN, N_("New campaign"), ":material/send:",
             Action.SEND_CAMPAIGN),
    PageSpec(N_("Campaigns"), CAMPAIGNS, N_("Campaigns"), ":material/campaign:",
             Action.VIEW),
    PageSpec(N_("Campaigns"), TEMPLATES, N_("Templates"), ":material/library_books:",
             Action.SEND_CAMPAIGN),
    PageSpec(N_("Campaigns"), STOP_LIST, N_("Stop list"), ":material/block:",
             Action.EDIT_STOP_LIST),
    PageSpec(N_("Reports"), REPORTS, N_("Delivery reports"), ":material/monitoring:",
             Action.VIEW),
    PageSpec(N_("OTP"), OTP_SEND, N_("Send an OTP"), ":material/password:",
             Action.SEND_OTP),
    PageSpec(N_("OTP"), OTP_INSPECT, N_("Look up an OTP"), ":material/manage_search:",
             Action.LOOKUP_OTP),
    PageSpec(N_("OTP"), OTP_HISTORY, N_("OTP history"), ":material/history_edu:",
             Action.VIEW),
    PageSpec(N_("Conversions"), CONVERSIONS, N_("Report conversions"),
             ":material/task_alt:", Action.REPORT_CONVERSION),
    PageSpec(N_("Settings"), SETTINGS, N_("Settings"), ":material/settings:",
             Action.CHANGE_SETTINGS),
    PageSpec(N_("Settings"), PRICES, N_("Prices"), ":material/sell:",
             Action.CHANGE_SETTINGS),
    PageSpec(N_("Settings"), SPEND, N_("Spend"), ":material/savings:",
             Action.VIEW_AUDIT),
    PageSpec(N_("Settings"), USERS, N_("Users"), ":material/group:",
             Action.MANAGE_USERS),
    PageSpec(N_("Settings"), AUDIT_LOG, N_("Audit log"), ":material/policy:",
             Action.VIEW_AUDIT),
    PageSpec(N_("Settings"), API_ACTIVITY, N_("API activity"), ":material/history:",
             Action.VIEW),
)  # fmt: skip
