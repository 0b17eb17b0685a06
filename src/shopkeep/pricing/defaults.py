"""The shipping zones, methods and VAT rates a fresh shop starts with (the demo shop: EU rates, a shop in DE).

Used by the data migration and by `seed_demo`; both only add what is missing, so the shop's own edits stay.
"""

from decimal import Decimal

EU_COUNTRIES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
    "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
    "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
}

# (zone name, countries, [(code, name, price, delivery time), ...]); each zone's methods cheapest first.
ZONES = [
    ("United Kingdom", ["GB"], [
        ("gb-standard", "Standard (Royal Mail)", "3.95", "2–3 working days"),
        ("gb-express", "Express (next working day)", "7.95", "next working day"),
    ]),
    ("European Union", sorted(EU_COUNTRIES), [
        ("eu-standard", "Standard (tracked)", "5.95", "3–6 working days"),
        ("eu-express", "Express courier", "14.95", "1–2 working days"),
    ]),
    ("United States", ["US"], [
        ("us-standard", "Standard international", "12.95", "6–10 working days"),
        ("us-express", "Express international", "29.95", "2–4 working days"),
    ]),
]

# Standard and main reduced VAT rate (percent) of each EU member state; the zero class is 0 everywhere.
EU_VAT_RATES = {
    "AT": ("20", "10"), "BE": ("21", "6"), "BG": ("20", "9"), "HR": ("25", "13"), "CY": ("19", "5"),
    "CZ": ("21", "12"), "DK": ("25", "25"), "EE": ("24", "9"), "FI": ("25.5", "14"), "FR": ("20", "5.5"),
    "DE": ("19", "7"), "GR": ("24", "13"), "HU": ("27", "5"), "IE": ("23", "13.5"), "IT": ("22", "10"),
    "LV": ("21", "12"), "LT": ("21", "9"), "LU": ("17", "8"), "MT": ("18", "7"), "NL": ("21", "9"),
    "PL": ("23", "8"), "PT": ("23", "6"), "RO": ("21", "11"), "SK": ("23", "19"), "SI": ("22", "9.5"),
    "ES": ("21", "10"), "SE": ("25", "12"),
}


def defaults_ensure(*, zone_model, method_model, rate_model) -> None:
    """Add the default zones, methods and VAT rates that are missing (models passed in, so migrations can call it)."""
    for position, (name, countries, methods) in enumerate(ZONES):
        zone, _ = zone_model.objects.get_or_create(name=name, defaults={"countries": countries, "position": position})
        for method_position, (code, method_name, price, delivery) in enumerate(methods):
            method_model.objects.get_or_create(code=code, defaults={
                "name": method_name, "zone": zone, "kind": "flat", "price": Decimal(price), "delivery": delivery,
                "position": method_position,
            })
    for country, (standard, reduced) in EU_VAT_RATES.items():
        for tax_class, rate in (("standard", standard), ("reduced", reduced), ("zero", "0")):
            rate_model.objects.get_or_create(country=country, tax_class=tax_class, defaults={"rate": Decimal(rate)})

