"""Plain factory functions for the sandbox gateway: tokenised test cards."""

from datetime import date

from shopkeep.sandbox_gateway.models import SandboxToken
from shopkeep.sandbox_gateway.services import CardInput, token_create

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
CVC_FAILS = "4000000000000101"
ADDRESS_FAILS = "4000000000000010"
INSUFFICIENT_FUNDS = "4000000000009995"
TEST_CARDS = (SUCCEEDS, DECLINED, CVC_FAILS, ADDRESS_FAILS, INSUFFICIENT_FUNDS)
TEST_CVC = "737"


def card_input(*, number: str = SUCCEEDS, cvc: str = TEST_CVC, postal_code: str = "SW1A 1AA") -> CardInput:
    """A valid card entry expiring in two years."""
    return CardInput(number=number, exp_month=12, exp_year=date.today().year + 2, cvc=cvc, postal_code=postal_code)


def card_token_create(*, number: str = SUCCEEDS) -> SandboxToken:
    """Tokenise a test card at the sandbox gateway."""
    return token_create(card_input(number=number))
