"""Money before sending: the price list, prices learned from real charges, a campaign's
estimate country by country, why it has so many parts, the balance guard at review and at
confirming, and what was spent.

Modules:
  prices    the price list in the store (``Price``, ``set_price``, ``list_prices``,
            ``delete_price``), one currency, every change audited.
  sheet     a vendor's price sheet (.xlsx/.csv): its country, code and price columns found
            like phone columns, a verdict per row, ``import_sheet``.
  learned   ``observe_price`` (the last price charged per country, with its date; wired to
            OTP records and to delivery receipts' ``pricedetail``), ``learn_from_otp_record``.
  book      ``PriceBook``: a price for every number (list, operators, learned, unknown).
  estimate  ``estimate``/``estimate_plan`` → ``Estimate`` (per country, total, currency,
            unknown countries, lower bound), ``money_text``.
  segments  ``explain_plan`` → ``PartsExplained``: the parts distribution and why.
  guard     ``read_funds`` (always fresh), ``check_balance`` → ``BalanceCheck`` (shortfall,
            its message), ``InsufficientBalanceError``.
  confirm   ``confirm``: the caps, a fresh balance, the audited admin exception.
  spend     each campaign's estimate and actual cost (``actual_cost(s)``, ``actual_text``), spend by
            day/person/campaign (.xlsx), the money cap.
  topup     a campaign paused by the platform's "insufficient balance" (-10): waiting for a
            top-up, what was sent and what waits.
"""

from __future__ import annotations

from . import book, confirm, estimate, guard, learned, prices, segments, sheet, spend, topup
from .book import PriceBook, Quote
from .confirm import confirm_check
from .estimate import CountryCost, Estimate, estimate_plan, money_text
from .guard import BalanceCheck, Funds, InsufficientBalanceError, check_balance, read_funds
from .learned import learn_from_otp_record, observe_price
from .prices import Price, delete_price, list_currency, list_prices, set_price
from .segments import PartsExplained, explain_plan
from .spend import actual_cost, actual_costs, actual_text
from .topup import TopUpWait, waiting_for_top_up

__all__ = [
    "BalanceCheck",
    "CountryCost",
    "Estimate",
    "Funds",
    "InsufficientBalanceError",
    "PartsExplained",
    "Price",
    "PriceBook",
    "Quote",
    "TopUpWait",
    "actual_cost",
    "actual_costs",
    "actual_text",
    "book",
    "check_balance",
    "confirm",
    "confirm_check",
    "delete_price",
    "estimate",
    "estimate_plan",
    "explain_plan",
    "guard",
    "learn_from_otp_record",
    "learned",
    "list_currency",
    "list_prices",
    "money_text",
    "observe_price",
    "prices",
    "read_funds",
    "segments",
    "set_price",
    "sheet",
    "spend",
    "topup",
    "waiting_for_top_up",
]
