"""Card number checks done by the sandbox gateway, and its documented test cards."""

from shopkeep.sandbox_gateway.models import Behaviour

TEST_CARDS = {
    "4242424242424242": Behaviour.SUCCEED,
    "4000000000000002": Behaviour.DECLINE,
    "4000000000000101": Behaviour.CVC_FAIL,
    "4000000000000010": Behaviour.ADDRESS_FAIL,
    "4000000000009995": Behaviour.INSUFFICIENT_FUNDS,
}


def luhn_valid(number: str) -> bool:
    """True when the digit string passes the Luhn check."""
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"34", "37"}:
        return "amex"
    if 51 <= int(number[:2]) <= 55 or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    if number.startswith("6011") or number.startswith("65"):
        return "discover"
    return "card"


def behaviour_for(number: str) -> Behaviour:
    return TEST_CARDS.get(number, Behaviour.SUCCEED)
