"""How long each category of personal data is kept (P-35). Periods in days; None = while the account exists.

A period that the shop can set (SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS) is read from `conf` when asked
for, so the privacy policy states the period the shop actually enforces.
"""

from dataclasses import dataclass, replace

from shopkeep.conf import conf


@dataclass(frozen=True)
class Retention:
    key: str
    days: int | None
    description: str
    setting: str = ""  # the conf attribute holding the days, for a period the shop sets; fills {days}


PERIODS = {
    "account": Retention("account", None, "as long as you keep your account"),
    "order": Retention("order", 6 * 365, "6 years after the order, as accounting law requires"),
    "cart": Retention("cart", 30, "30 days after the cart was last changed"),
    "checkout_ip": Retention("checkout_ip", None, "{days} days after the checkout attempt",
                             setting="checkout_ip_retention_days"),
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
        period = PERIODS[key]
    except KeyError:
        raise LookupError(f"Unknown retention period {key!r}; declare it in shopkeep/privacy/retention.py.") from None
    if period.setting:
        days = getattr(conf, period.setting)
        return replace(period, days=days, description=period.description.format(days=days))
    return period
