from importlib import import_module

from shopkeep.conf import conf
from shopkeep.payments.gateways.base import Gateway

# Imported on first use, so the Stripe package loads only when Stripe is chosen.
GATEWAYS: dict[str, str] = {
    "sandbox": "shopkeep.payments.gateways.sandbox:SandboxGateway",
    "stripe": "shopkeep.payments.gateways.stripe:StripeGateway",
}


def gateway_get(code: str | None = None) -> Gateway:
    """The configured gateway (or the one named `code`)."""
    code = code or conf.payment_gateway
    try:
        module, _, name = GATEWAYS[code].partition(":")
    except KeyError:
        raise LookupError(f"No payment gateway called {code!r}; choose one of {', '.join(GATEWAYS)}.") from None
    return getattr(import_module(module), name)()
