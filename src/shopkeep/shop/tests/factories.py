"""Shop identity values shared by the shop and storefront tests."""

IDENTITY = {
    "legal_name": "Harbour Socks GmbH",
    "postal_address": "Hafenstraße 12\n20457 Hamburg\nGermany",
    "country": "DE",
    "contact_email": "hallo@harbour-socks.de",
    "phone": "+49 40 1234567",
    "data_protection_contact": "datenschutz@harbour-socks.de",
    "vat_number": "DE123456789",
    "authority_name": "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
    "authority_url": "https://datenschutz-hamburg.de/",
    "return_address": "Harbour Socks Retouren\nLagerweg 3\n21079 Hamburg\nGermany",
}
