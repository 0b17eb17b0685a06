"""P-13: card numbers never touch shopkeep's database, logs or emails; the CVC is never stored anywhere.

After checkouts with every sandbox test card through the web flow, the JSON API and the gateway's
token endpoint, every row of every table, every email in the outbox and every log record are scanned
for a Luhn-valid run of 13-19 digits and for the CVCs that were typed.
"""

import json
import logging
import re
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.urls import reverse

from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.factories import address_data
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment

TEST_CARDS = {  # number: a CVC used only with that card
    "4242424242424242": "913",
    "4000000000000002": "928",
    "4000000000000101": "946",
    "4000000000000010": "957",
    "4000000000009995": "982",
}
EXPIRY_YEAR = date.today().year + 3

# A run of 13-19 digits, or 13-19 digits written in groups (4242 4242 4242 4242, 3782-822463-10005).
DIGIT_RUN = re.compile(r"(?<!\d)\d{13,19}(?!\d)")
GROUPED_RUN = re.compile(r"(?<!\d)(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5})(?!\d)")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum, written here independently of the shop's own."""
    total = 0
    for position, digit in enumerate(int(char) for char in reversed(digits)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_numbers_in(text: str) -> list[str]:
    """Every Luhn-valid 13-19 digit run in `text` (plain or grouped with spaces or dashes) that begins as a payment
    card does: a major industry identifier of 2 to 6 (ISO/IEC 7812). A millisecond timestamp (13 digits beginning
    with 1 until 2033) passes the Luhn check one time in ten and is no card."""
    found = [match.group() for match in DIGIT_RUN.finditer(text)]
    found += [re.sub(r"[ -]", "", match.group()) for match in GROUPED_RUN.finditer(text)]
    return [digits for digits in found if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_valid(digits)]


def cvcs_in(text: str, cvcs) -> list[str]:
    """The CVCs that appear in `text` as a value of their own (not inside a longer number or word)."""
    return [cvc for cvc in cvcs if re.search(rf"(?<![0-9A-Za-z]){cvc}(?![0-9A-Za-z])", text)]


# The scanner finds what it must and nothing else.


def test_scanner_finds_a_planted_card_number():
    # given
    text = 'row 17 | {"note": "paid with 4000000000000002 ok"} | tok_abc4242424242424242xyz'

    # when / then
    assert card_numbers_in(text) == ["4000000000000002", "4242424242424242"]


def test_scanner_finds_grouped_card_numbers():
    # given
    text = "card 4242 4242 4242 4242, amex 3782-822463-10005, visa13 4222222222222"

    # when / then
    assert sorted(card_numbers_in(text)) == ["378282246310005", "4222222222222", "4242424242424242"]


def test_scanner_ignores_digit_runs_that_are_not_card_numbers():
    # given: not Luhn-valid, too short, too long, a date, an amount and a Luhn-valid millisecond timestamp
    text = ("4242424242424241 | 424242424242 | 42424242424242424242 | 2026-11-22 04:51:47.913452 | 1234.56 | "
            "1796191216961")

    # when / then
    assert card_numbers_in(text) == []


def test_scanner_finds_a_cvc_on_its_own_but_not_inside_other_values():
    # given
    text = '{"cvc": "913"} cvc=928 | 2026-11-22 04:51:47.946000 | ch_a946b | 9570 | 1982'

    # when / then
    assert cvcs_in(text, ["913", "928", "946", "957", "982"]) == ["913", "928"]


# What is scanned.


def _text(value) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).decode("latin-1")
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(value)


def database_as_orm_text(*, include_keys: bool = True) -> str:
    """Every field of every row of every model, as Python sees it (decrypted, sessions decoded)."""
    lines = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f for f in model._meta.concrete_fields
            if include_keys or not (f.primary_key or isinstance(f, models.ForeignKey))
        ]
        for row in model._base_manager.all():
            values = [_text(field.value_from_object(row)) for field in fields]
            if isinstance(row, Session):
                values.append(_text(row.get_decoded()))
            lines.append(f"{model._meta.label} | " + " | ".join(values))
    return "\n".join(lines)


def database_as_sql_text() -> str:
    """Every column of every row of every table, as the database stores it."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            lines.extend(f"{table} | " + " | ".join(_text(value) for value in row) for row in cursor.fetchall())
    return "\n".join(lines)


def outbox_as_text(outbox: Path) -> str:
    """Every email in the outbox, raw and with each part decoded."""
    chunks = []
    for path in sorted(Path(outbox).glob("*.eml")):
        raw = path.read_bytes()
        chunks.append(raw.decode("utf-8", errors="replace"))
        message = message_from_bytes(raw, policy=policy.default)
        chunks.extend(f"{name}: {value}" for name, value in message.items())
        for part in message.walk():
            if not part.is_multipart():
                chunks.append(part.get_content())
    return "\n".join(chunks)


def logs_as_text(caplog) -> str:
    return "\n".join(
        f"{record.name} {record.levelname} {record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    ) + "\n" + caplog.text


# The checkouts.


@pytest.fixture
def stocked_variant(db):
    return variant_create(product=product_create(name="Scan Socks", slug="scan-socks"), sku="SCAN-M", size="M", price="12.50",
                          stock=100)


def card_json(number: str) -> dict:
    return {"number": number, "exp_month": 12, "exp_year": EXPIRY_YEAR, "cvc": TEST_CARDS[number],
            "postal_code": "SW1Y 4JH"}


def token_from_gateway(client, number: str) -> dict:
    """POST /sandbox-gateway/tokens, as a shop's own JavaScript or a phone-order terminal would."""
    response = client.post(reverse("sandbox_gateway:tokens"), data=card_json(number), content_type="application/json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def checkout_through_the_api(client, *, sku: str, number: str) -> int:
    """Buy one item through the JSON API with a card tokenised at the gateway; return the checkout status."""
    token = token_from_gateway(client, number)["token"]
    cart = client.post("/api/v1/carts", content_type="application/json").json()["token"]
    added = client.post(f"/api/v1/carts/{cart}/lines", data={"sku": sku, "quantity": 1},
                        content_type="application/json")
    assert added.status_code == 201, added.content
    address = {name: value for name, value in address_data().items() if value}
    body = {"email": "grace@example.com", "shipping_address": address, "shipping_method": "gb-standard",
            "payment_token": token}
    response = client.post(f"/api/v1/carts/{cart}/checkout", data=body, content_type="application/json")
    return response.status_code


EXPECTED_API_STATUS = {
    "4242424242424242": 201,
    "4000000000000002": 402,
    "4000000000000101": 201,
    "4000000000000010": 201,
    "4000000000009995": 402,
}


EXPECTED_WEB_PAGE = {  # the page the guest ends on, by card
    "4242424242424242": "confirmation",
    "4000000000000002": "review",
    "4000000000000101": "confirmation",
    "4000000000000010": "confirmation",
    "4000000000009995": "review",
}


def checkout_on_the_web(new_shopper, guest_purchase, number: str) -> str:
    """Buy one item through the storefront and the gateway's hosted page; return the step the guest ends on."""
    page = guest_purchase(new_shopper(), items=[("scan socks", "scan-socks", "SCAN-M")], card=number, cvc=TEST_CARDS[number])
    return page.resolver_match.url_name if page.resolver_match.url_name == "confirmation" else "review"


@pytest.mark.promise("P-13")
def test_no_card_number_or_cvc_is_kept_after_checkouts_with_every_test_card(
    client, stocked_variant, outbox_dir, caplog, settings, django_capture_on_commit_callbacks, new_shopper,
    guest_purchase,
):
    # given: mail goes to .eml files as in production (pytest-django would keep it in memory)
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    caplog.set_level(logging.DEBUG)

    # when: every test card goes through the web checkout, and through the API with the gateway's token endpoint
    with django_capture_on_commit_callbacks(execute=True):
        web = {number: checkout_on_the_web(new_shopper, guest_purchase, number) for number in TEST_CARDS}
        api = {number: checkout_through_the_api(client, sku="SCAN-M", number=number) for number in TEST_CARDS}
        # invalid card entries are refused without being echoed into logs or records
        expired = {**card_json("4242424242424242"), "exp_year": 2001}
        refused = client.post(reverse("sandbox_gateway:tokens"), data=expired, content_type="application/json")

    # then
    assert web == EXPECTED_WEB_PAGE
    assert api == EXPECTED_API_STATUS
    assert refused.status_code == 400
    assert Order.objects.count() == 6
    confirmations = [p for p in Path(outbox_dir).glob("*.eml") if "Message-ID: <order_confirmation." in p.read_text()]
    assert len(confirmations) == 6  # held orders (CVC/address checks) also get an order-update email
    scanned = {
        "database (ORM)": database_as_orm_text(),
        "database (SQL)": database_as_sql_text(),
        "outbox": outbox_as_text(outbox_dir),
        "logs": logs_as_text(caplog),
    }
    assert {where: card_numbers_in(text) for where, text in scanned.items()} == {where: [] for where in scanned}
    scanned["database (ORM)"] = database_as_orm_text(include_keys=False)
    del scanned["database (SQL)"]  # row ids are sequence numbers; the ORM text above covers every value
    assert {where: cvcs_in(text, TEST_CARDS.values()) for where, text in scanned.items()} == {
        where: [] for where in scanned}
    # what the shop may keep, it kept: brand and last 4 digits, for every authorisation attempt
    assert sorted(Payment.objects.values_list("card_last4", flat=True)) == sorted([n[-4:] for n in TEST_CARDS] * 2)
