from shopkeep.conf import conf
from shopkeep.payments.gateways.base import Gateway
from shopkeep.payments.gateways.sandbox import SandboxGateway

GATEWAYS: dict[str, type] = {"sandbox": SandboxGateway}


def gateway_get(code: str | None = None) -> Gateway:
    """The configured gateway (or the one named `code`)."""
    code = code or conf.payment_gateway
    try:
        return GATEWAYS[code]()
    except KeyError:
        raise LookupError(f"No payment gateway called {code!r}; choose one of {', '.join(GATEWAYS)}.") from None
