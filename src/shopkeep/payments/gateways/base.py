"""The seam every payment gateway fits: a hosted card page, authorise, capture, void and refund.

Every money-moving operation takes an idempotency key: the same key never moves money twice.
A gateway raises `GatewayUnavailable` when it cannot tell whether the operation happened (timeout);
it returns `OperationResult(ok=False, ...)` when it answered and refused.
"""

from dataclasses import dataclass
from typing import Protocol

from shopkeep.money import Money


@dataclass(frozen=True)
class CardDetails:
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class Authorisation:
    approved: bool
    reference: str
    decline_code: str = ""
    cvc_check: str = ""
    address_check: str = ""


@dataclass(frozen=True)
class OperationResult:
    """The gateway's answer to capture, void or refund."""

    ok: bool
    reference: str = ""
    amount: Money | None = None
    code: str = ""
    message: str = ""


class Gateway(Protocol):
    code: str

    def hosted_page_url(self, *, amount: Money, return_url: str, cancel_url: str) -> str:
        """Where to send the customer to enter card details; the gateway returns a token to `return_url`."""

    def card_details(self, *, token: str) -> CardDetails | None:
        """Brand, last 4 and expiry of a token, or None if the token is unknown."""

    def authorise(self, *, token: str, amount: Money, idempotency_key: str) -> Authorisation:
        """Authorise `amount`; the same idempotency key never authorises twice."""

    def authorisation_find(self, *, idempotency_key: str) -> Authorisation | None:
        """The authorisation made with this idempotency key, or None if the gateway has none (reconciliation)."""

    def capture(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        """Capture `amount` (all or part of what is left) of the authorisation `reference`."""

    def void(self, *, reference: str, idempotency_key: str | None = None) -> OperationResult:
        """Release what is left of an authorisation; voiding twice is harmless."""

    def refund(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        """Refund `amount` (all or part) of what was captured on `reference`."""
