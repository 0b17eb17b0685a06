"""Third parties that receive personal data to complete an order (P-23, P-24).

A processor receives only the data categories declared here; `disclose()` is the one
way code hands personal data to a processor, and it records every disclosure.
"""

from dataclasses import dataclass

from shopkeep.privacy.taxonomy import CATEGORIES


@dataclass(frozen=True)
class Processor:
    code: str
    name: str
    purpose: str
    receives: tuple[str, ...]
    location: str


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
            receives=(),
            location="the gateway's own servers",
        ),
        Processor(
            code="carrier",
            name="Delivery carrier",
            purpose="to deliver your parcel",
            receives=(
                "user.name",
                "user.contact.address.street",
                "user.contact.address.city",
                "user.contact.address.state",
                "user.contact.address.postal_code",
                "user.contact.address.country",
                "user.contact.phone_number",
            ),
            location="the carrier delivering to your country",
        ),
        Processor(
            code="email_provider",
            name="Email delivery service (only when the shop sends mail through an external SMTP service)",
            purpose="to deliver the emails you asked for or that concern your orders",
            receives=("user.contact.email",),
            location="the shop's configured mail server",
        ),
    )
}

for _processor in PROCESSORS.values():
    for _category in _processor.receives:
        assert _category in CATEGORIES, f"{_processor.code} receives unknown category {_category}"


class UndeclaredDisclosure(Exception):
    """Code tried to send a processor data it is not declared to receive."""


def processor_get(code: str) -> Processor:
    try:
        return PROCESSORS[code]
    except KeyError:
        raise UndeclaredDisclosure(f"{code!r} is not a declared processor.") from None
