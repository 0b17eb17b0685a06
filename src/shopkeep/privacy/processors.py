"""Third parties that receive personal data to complete an order (P-23, P-24).

What a processor receives is not listed here: it is derived from the data map, where each
personal field names the processors it goes to (`Personal.processors`). `disclose()` is the one
way code hands personal data to a processor; it refuses any category no declared field sends
to that processor, and it records every disclosure.
"""

from dataclasses import dataclass

from shopkeep.privacy.registry import REGISTRY


@dataclass(frozen=True)
class Processor:
    code: str
    name: str
    purpose: str
    location: str

    @property
    def receives(self) -> tuple[str, ...]:
        """The data categories this processor receives, as the data map declares them."""
        return processor_receives(self.code)


PROCESSORS = {
    p.code: p
    for p in (
        Processor(
            code="payment_gateway",
            name="Payment gateway (the sandbox gateway in the demo)",
            purpose=(
                "to authorise and take card payments: you type your card details and postal code on the gateway's "
                "own page, and the shop sends it only the amount and the card token it returned"
            ),
            location="the gateway's own servers",
        ),
        Processor(
            code="carrier",
            name="Delivery carrier",
            purpose="to deliver your parcel",
            location="the carrier delivering to your country",
        ),
        Processor(
            code="email_provider",
            name="Email delivery service (only when the shop sends mail through an external SMTP service)",
            purpose="to deliver the emails you asked for or that concern your orders",
            location="the shop's configured mail server",
        ),
    )
}


class UndeclaredDisclosure(Exception):
    """Code tried to send a processor data it is not declared to receive."""


def processor_get(code: str) -> Processor:
    try:
        return PROCESSORS[code]
    except KeyError:
        raise UndeclaredDisclosure(f"{code!r} is not a declared processor.") from None


def processor_receives(code: str) -> tuple[str, ...]:
    """The categories of every field declared to go to `code`, in the order the data map first names them."""
    received: dict[str, None] = {}
    for declaration in REGISTRY.values():
        for spec in declaration.personal.values():
            if code in spec.processors:
                received.setdefault(spec.category)
    return tuple(received)


def processor_payload(*, code: str, instance) -> dict[str, str]:
    """The values of `instance` that the data map sends to processor `code`, keyed by data category.

    Fields of one category are joined in declaration order (two street lines become one street).
    """
    declaration = REGISTRY.get(type(instance))
    data: dict[str, str] = {}
    for name, spec in (declaration.personal.items() if declaration else ()):
        if code in spec.processors:
            value = str(getattr(instance, name, "") or "")
            data[spec.category] = ", ".join(part for part in (data.get(spec.category, ""), value) if part)
    return data


def processor_summary(processor: Processor) -> dict:
    """The processor as plain data for the policy: who, why, where, and what it receives."""
    return {"code": processor.code, "name": processor.name, "purpose": processor.purpose,
            "receives": processor.receives, "location": processor.location}
