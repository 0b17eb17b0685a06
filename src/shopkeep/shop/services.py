"""Reads and writes of the shop's identity and page texts; every change is a new row (history)."""

from dataclasses import dataclass

from django.db import transaction

from shopkeep.conf import conf
from shopkeep.shop.authorities import authority_for
from shopkeep.shop.models import ShopIdentity, ShopPage
from shopkeep.shop.texts import DEFAULT_PAGE_BODIES

# Directive 2011/83/EU, Art. 9: the consumer's right of withdrawal from a distance contract.
LEGAL_WITHDRAWAL_DAYS = 14

IDENTITY_FIELDS = ("legal_name", "postal_address", "country", "contact_email", "phone", "data_protection_contact",
                   "vat_number", "authority_name", "authority_url", "return_address")

# What a fresh installation says until the owner (or the environment) says otherwise.
DEFAULT_IDENTITY = {
    "legal_name": "shopkeep demo shop",
    "postal_address": "1 Example Street\n10115 Example Town\nGermany",
    "country": "DE",
    "contact_email": "shop@shopkeep.localhost",
    "phone": "",
    "data_protection_contact": "",
    "vat_number": "",
    "return_address": "",
}

# The realistic values `seed_demo` sets; `shopkeep check` warns while any of them is still in force.
DEMO_IDENTITY = {
    "legal_name": "Kestrel & Finch Handels GmbH",
    "postal_address": "Torstraße 49\n10119 Berlin\nGermany",
    "country": "DE",
    "contact_email": "hello@kestrel-finch.example",
    "phone": "+49 30 5550 142",
    "data_protection_contact": "privacy@kestrel-finch.example",
    "vat_number": "DE298765431",
    "return_address": "Kestrel & Finch Returns\nTorstraße 49\n10119 Berlin\nGermany",
}


@dataclass(frozen=True)
class IdentityProblem:
    field: str
    message: str


def identity_seed_values() -> dict[str, str]:
    """The first identity: the environment's values where set, the defaults elsewhere."""
    seed = {key: value for key, value in conf.identity_seed.items() if value}
    values = {**DEFAULT_IDENTITY, **seed}
    values["country"] = values["country"].upper()
    authority = authority_for(values["country"])
    values.setdefault("authority_name", authority.name if authority else "")
    values.setdefault("authority_url", authority.url if authority else "")
    values["return_address"] = values["return_address"] or values["postal_address"]
    return {key: values.get(key, "") for key in IDENTITY_FIELDS}


def identity_current() -> ShopIdentity:
    """The identity in force: the newest row, or the seed (saved as the first row) when there is none."""
    identity = ShopIdentity.objects.first()
    if identity is None:
        with transaction.atomic():
            identity = ShopIdentity.objects.select_for_update().first() or ShopIdentity.objects.create(
                **identity_seed_values())
    return identity


def identity_history(*, limit: int = 50) -> list[ShopIdentity]:
    """The latest identity versions, newest first, with who changed them."""
    return list(ShopIdentity.objects.select_related("changed_by")[:limit])


def identity_update(*, changed_by, values: dict[str, str]) -> ShopIdentity:
    """Put a new identity in force (a new row); an empty authority is chosen from the country."""
    unknown = set(values) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown shop identity fields: {', '.join(sorted(unknown))}.")
    merged = {key: getattr(identity_current(), key) for key in IDENTITY_FIELDS}
    merged.update({key: (value or "").replace("\r\n", "\n").strip() for key, value in values.items()})
    merged["country"] = merged["country"].upper()
    authority = authority_for(merged["country"])
    if authority and not merged["authority_name"]:
        merged["authority_name"], merged["authority_url"] = authority.name, authority.url
    if not merged["return_address"]:
        merged["return_address"] = merged["postal_address"]
    return ShopIdentity.objects.create(changed_by=changed_by, **merged)


def identity_demo_fields(identity: ShopIdentity) -> list[str]:
    """The identity fields still holding a built-in default or demo value (or an example address)."""
    fields = []
    for key in ("legal_name", "postal_address", "contact_email", "phone", "data_protection_contact", "vat_number",
                "return_address"):
        value = getattr(identity, key)
        if value and value in (DEFAULT_IDENTITY.get(key), DEMO_IDENTITY.get(key)):
            fields.append(key)
    domain = identity.contact_email.rpartition("@")[2].lower()
    if "contact_email" not in fields and (domain.endswith((".localhost", ".example", ".test", ".invalid"))
                                          or domain in {"example.com", "example.org", "example.net"}):
        fields.append("contact_email")
    return fields


def page_body(*, key: str) -> str:
    """The owner's text of page `key` in force, or the shop's default text."""
    page = ShopPage.objects.filter(key=key).first()
    return page.body if page is not None else DEFAULT_PAGE_BODIES[key]


def page_history(*, key: str, limit: int = 20) -> list[ShopPage]:
    """The latest versions of page `key`, newest first."""
    return list(ShopPage.objects.filter(key=key).select_related("changed_by")[:limit])


def page_update(*, key: str, body: str, changed_by) -> ShopPage:
    """Put a new text of page `key` in force (a new row)."""
    if key not in ShopPage.Key.values:
        raise ValueError(f"Unknown shop page {key!r}.")
    return ShopPage.objects.create(key=key, body=body.replace("\r\n", "\n").strip(), changed_by=changed_by)
