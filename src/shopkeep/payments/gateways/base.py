"""The seam every payment gateway fits: a hosted card page, authorise and void."""

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


class Gateway(Protocol):
    code: str

    def hosted_page_url(self, *, amount: Money, return_url: str, cancel_url: str) -> str:
        """Where to send the customer to enter card details; the gateway returns a token to `return_url`."""

    def card_details(self, *, token: str) -> CardDetails | None:
        """Brand, last 4 and expiry of a token, or None if the token is unknown."""

    def authorise(self, *, token: str, amount: Money, idempotency_key: str) -> Authorisation:
        """Authorise `amount`; the same idempotency key never authorises twice."""

    def void(self, *, reference: str) -> None:
        """Release an authorisation."""
