"""The balance guard: a fresh balance against the estimate, at review and at confirming.

``read_funds`` always asks the platform (getBalance), never a cached answer. What may be
spent is ``balance + credit``. An estimate above it blocks confirming with a plain message
of the shortfall and what to do, unless an admin explicitly allows "send until the balance
runs out" (audited by ``campaigns_with_money.confirm``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..api import ItnioClient
from ..common import ItnioError
from .estimate import Estimate, money_text

ACCOUNT_CURRENCY = "USD"  # the platform's balance and charges are in US dollars


class InsufficientBalanceError(ItnioError):
    """The campaign's estimate is more than the account can spend; nothing was sent."""


@dataclass(frozen=True)
class Funds:
    balance: Decimal
    credit: Decimal
    gift: Decimal

    @property
    def available(self) -> Decimal:
        return self.balance + self.credit


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip() or "0")
    except InvalidOperation:
        return Decimal(0)
    return value if value.is_finite() else Decimal(0)


def read_funds(client: ItnioClient) -> Funds:
    """Ask the platform now; ``ItnioError`` when it cannot say."""
    answer = client.get_balance()
    return Funds(_amount(answer.balance), _amount(answer.credit), _amount(answer.gift))


@dataclass(frozen=True)
class BalanceCheck:
    estimate: Estimate
    funds: Funds | None  # None when the balance could not be read
    error_en: str = ""
    error_zh: str = ""

    @property
    def comparable(self) -> bool:
        return self.funds is not None and self.estimate.currency == ACCOUNT_CURRENCY

    @property
    def shortfall(self) -> Decimal:
        """How much more than the account can spend (0 when it fits or cannot be said)."""
        if self.funds is None or not self.comparable:
            return Decimal(0)
        return max(self.estimate.total - self.funds.available, Decimal(0))

    @property
    def short(self) -> bool:
        return self.shortfall > 0

    def fits(self) -> int:
        """About how many recipients the account can pay for (at the average cost)."""
        est = self.estimate
        if self.funds is None or not est.recipients or est.total <= 0:
            return est.recipients
        each = est.total / est.recipients
        return max(0, min(est.recipients, int(self.funds.available / each)))

    def message(self, lang: str = "en") -> str:
        """The shortfall and what to do, in plain words ("" when nothing is short)."""
        if not self.short or self.funds is None:
            return ""
        cur = self.estimate.currency
        total, have = money_text(self.estimate.total), money_text(self.funds.available)
        gap, fits = money_text(self.shortfall), self.fits()
        at_least = "at least " if self.estimate.lower_bound else ""
        if lang.startswith("zh"):
            least = "至少" if self.estimate.lower_bound else ""
            return (
                f"余额不足：本次群发预计花费{least} {total} {cur}，账户可用 {have} {cur}"
                f"（余额加信用额度），还差 {gap} {cur}。请先充值至少 {gap} {cur}，"
                f"或只发送给名单中的一部分（约 {fits:,} 位接收人在余额之内）。"
            )
        return (
            f"Not enough balance: this campaign is estimated at {at_least}{total} {cur}, and "
            f"the account can spend {have} {cur} (balance plus credit). It is {gap} {cur} "
            f"short. Top up the account by at least {gap} {cur}, or send to part of the "
            f"list (about {fits:,} recipients fit in the balance)."
        )

    def error(self) -> InsufficientBalanceError:
        return InsufficientBalanceError(self.message("en"), message_zh=self.message("zh"))


def check_balance(client: ItnioClient, estimate: Estimate) -> BalanceCheck:
    """A fresh balance against ``estimate``; a balance that cannot be read is said so."""
    try:
        funds = read_funds(client)
    except ItnioError as exc:
        return BalanceCheck(estimate, None, exc.user_message, exc.message_zh)
    return BalanceCheck(estimate, funds)
