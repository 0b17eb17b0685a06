"""The signed order confirmation link: it names one order, and forged or expired links name none."""

import pytest
from django.core import signing

from shopkeep.customers.tests.factories import order_place
from shopkeep.orders.services import CONFIRMATION_SALT, order_confirmation_path, order_from_confirmation_token

pytestmark = pytest.mark.django_db


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def test_the_link_names_the_order():
    # given
    order = order_place(customer=None)

    # when
    found = order_from_confirmation_token(token_of(order_confirmation_path(order)))

    # then
    assert found == order


@pytest.mark.parametrize("token", [
    "",
    "SK-0000000",
    signing.dumps("SK-0000000", salt=CONFIRMATION_SALT),
], ids=["empty", "bare-number", "signed-unknown-number"])
def test_a_forged_or_unknown_link_names_no_order(token):
    # given
    order_place(customer=None)

    # when
    found = order_from_confirmation_token(token)

    # then
    assert found is None


def test_a_link_signed_with_another_salt_names_no_order():
    # given
    order = order_place(customer=None)

    # when
    found = order_from_confirmation_token(signing.dumps(order.number, salt="shopkeep.other"))

    # then
    assert found is None


def test_an_expired_link_names_no_order(settings):
    # given
    order = order_place(customer=None)
    token = token_of(order_confirmation_path(order))
    settings.SHOPKEEP_ORDER_LINK_MAX_AGE = -1

    # when
    found = order_from_confirmation_token(token)

    # then
    assert found is None


def test_the_link_carries_no_card_or_personal_data():
    # given
    order = order_place(customer=None)

    # when
    path = order_confirmation_path(order)

    # then
    assert signing.loads(token_of(path), salt=CONFIRMATION_SALT) == order.number
    assert "ada" not in path.lower()
