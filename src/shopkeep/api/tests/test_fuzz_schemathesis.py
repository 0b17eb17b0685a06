"""FUZZ TEST (schemathesis): every endpoint against the live OpenAPI schema, in-process over WSGI.

Hypothesis generates valid and invalid requests from /api/v1/openapi.json; each response
must not be a server error and must match the status codes, content type and response
schema the OpenAPI document declares. Bounded (a few dozen examples per operation) so it
stays well under a minute; the catalogue is seeded and some requests use a real cart, so the
fuzzer reaches the success paths as well as the 404s.
"""

import zlib
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create
from shopkeep.sandbox_gateway.tests.factories import card_token_create




@dataclass
class Seed:
    cart_token: str
    line_id: int
    sku: str
    payment_token: str


@pytest.fixture
def seed(db) -> Seed:
    """A small catalogue, a cart holding one of its products and a card token."""
    socks = category_create(name="Socks", slug="socks")
    for n in range(3):
        product_with_sizes(name=f"Wool Socks {n}", slug=f"wool-socks-{n}", category=socks)
    cable = variant_create(product=product_create(name="USB Cable", slug="usb-cable"), sku="USB-1", stock=10_000)
    cart = cart_with_lines((cable, 1))
    return Seed(cart.token, cart.lines.get().pk, cable.sku, card_token_create().token)


def aim_at_the_seed(case, seed: Seed) -> None:
    """Point about half of the valid generated requests at the real cart, line, SKU and card token,
    with a deliverable address, so the fuzzer also reaches 200/201/402/409 and not only 404/422."""
    if case.meta is None or case.meta.generation.mode.is_negative:
        return
    if zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode()) % 2:
        return
    parameters = case.path_parameters or {}
    if "token" in parameters:
        parameters["token"] = seed.cart_token
    if "line_id" in parameters:
        parameters["line_id"] = seed.line_id
    if isinstance(case.body, dict):
        if "sku" in case.body:
            case.body["sku"] = seed.sku
        if "payment_token" in case.body:
            case.body.update(payment_token=seed.payment_token, email="fuzz@example.com",
                             shipping_method="gb-standard")
            case.body["shipping_address"]["country"] = "GB"


@pytest.fixture
def requests_share_the_test_transaction():
    """Like Django's test client, keep the request signals from closing the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_endpoint_answers_every_generated_request_as_its_schema_declares(
    case, seed, requests_share_the_test_transaction
):
    aim_at_the_seed(case, seed)
    # No `checks=`: every built-in check schemathesis has (as `--checks all`), stateless and class-based.
    case.call_and_validate()
