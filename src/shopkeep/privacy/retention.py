"""How long each category of personal data is kept (P-35). Periods in days; None = while the account exists."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Retention:
    key: str
    days: int | None
    description: str


PERIODS = {
    "account": Retention("account", None, "as long as you keep your account"),
    "order": Retention("order", 6 * 365, "6 years after the order, as accounting law requires"),
    "cart": Retention("cart", 30, "30 days after the cart was last changed"),
    "checkout_ip": Retention("checkout_ip", 90, "90 days after the checkout attempt"),
    "payment": Retention("payment", 6 * 365, "6 years after the payment, as accounting law requires"),
    "gateway": Retention("gateway", 6 * 365, "kept by the payment gateway under its own policy"),
    "survey": Retention("survey", 2 * 365, "2 years after you answered the survey"),
    "audit": Retention("audit", 2 * 365, "2 years, so that staff access can be checked"),
    "subscription": Retention("subscription", None, "until you unsubscribe; then only a keyed hash stays"),
    "suppression": Retention("suppression", None, "a keyed hash, kept so that we never email you marketing again"),
    "email_delivery": Retention("email_delivery", 7, "until the email is delivered (at most 7 days)"),
    "email_log": Retention("email_log", 2 * 365, "2 years, as a keyed hash, to prove what we sent"),
}


def retention_get(key: str) -> Retention:
    try:
        return PERIODS[key]
    except KeyError:
        raise LookupError(f"Unknown retention period {key!r}; declare it in shopkeep/privacy/retention.py.") from None
