"""The fields of a postal address, once: name, label, length, autofill token and data-map category."""

from collections.abc import Mapping
from dataclasses import dataclass

from django_countries import countries


@dataclass(frozen=True)
class AddressField:
    name: str
    label: str
    max_length: int
    autocomplete: str
    category: str  # the data-map category (privacy taxonomy)
    verbose_name: str = ""  # the model field's verbose name, when it differs from the field name
    # Never required, in any country: marked "(optional)" in forms (P-01). The others are required in
    # some countries (see validation.address_required_fields), so none of them is marked optional.
    optional: bool = False
    encrypted: bool = True  # stored encrypted at rest (P-15)
    help_text: str = ""


FIELDS: tuple[AddressField, ...] = (
    AddressField("name", "Full name", 150, "name", "user.name"),
    AddressField("line1", "Address line 1", 200, "address-line1", "user.contact.address.street",
                 verbose_name="address line 1"),
    AddressField("line2", "Address line 2", 200, "address-line2", "user.contact.address.street",
                 verbose_name="address line 2", optional=True),
    AddressField("city", "Town or city", 100, "address-level2", "user.contact.address.city"),
    AddressField("region", "County, state or region", 100, "address-level1", "user.contact.address.state",
                 verbose_name="county / state / region",
                 help_text="Needed where the post uses it, e.g. a US state or a Japanese prefecture."),
    AddressField("postal_code", "Postal code", 20, "postal-code", "user.contact.address.postal_code"),
    AddressField("country", "Country", 2, "country", "user.contact.address.country", encrypted=False),
    AddressField("phone", "Phone", 30, "tel", "user.contact.phone_number", optional=True,
                 help_text="Only passed to the carrier if they need to reach you about the delivery."),
)
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS)
BY_NAME: dict[str, AddressField] = {field.name: field for field in FIELDS}
# Required whatever the country; the rest depends on the country (see validation.address_required_fields).
ALWAYS_REQUIRED = frozenset({"name", "line1", "country"})


def country_is_known(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code of a real country."""
    return bool(code) and len(code) == 2 and code.upper() in countries


def country_name(code: str) -> str:
    """The English name of a country from its ISO code; the code itself when it is not a country."""
    code = (code or "").upper()
    return str(countries.name(code)) if country_is_known(code) else code


def country_choices(codes=None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name: of `codes`, or of every country when None."""
    if codes is None:
        return [(code, str(name)) for code, name in countries]
    return sorted(((code, country_name(code)) for code in codes if country_is_known(code)), key=lambda c: c[1])


def address_values(address) -> dict[str, str]:
    """The address's fields as stripped strings, from a model, a dict or anything with these attributes."""
    if isinstance(address, Mapping):
        get = address.get
    else:
        def get(name, default=""):
            return getattr(address, name, default)
    return {name: str(get(name, "") or "").strip() for name in FIELD_NAMES}
