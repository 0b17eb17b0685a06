"""Immediate capture only for products marked so, only when the shop allows it, only with consent (P-18)."""

from decimal import Decimal

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment
from shopkeep.privacy.models import Disclosure
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db


def place(*, consent: bool):
    ebook = product_create(name="E-book")
    ebook.capture_immediately = True
    ebook.save()
    cart = cart_with_lines((variant_create(product=ebook, price="8.00"), 1),
                           (variant_create(product=product_create(name="Mug"), price="9.00"), 1))
    order = checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token,
                              capture_consent=consent).order
    order.refresh_from_db()
    return order, Payment.objects.get(order=order)


@pytest.mark.promise("P-18", clause="immediate capture with consent")
def test_a_consenting_customer_is_charged_at_once_only_for_the_marked_product(settings,
                                                                              django_capture_on_commit_callbacks):
    # given
    settings.SHOPKEEP_IMMEDIATE_CAPTURE = True

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order, payment = place(consent=True)

    # then
    order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.captured_amount == Decimal("11.95")  # the e-book 8.00 and, with the first "parcel", shipping 3.95
    assert order.status == Order.Status.PARTIALLY_DISPATCHED
    assert Disclosure.objects.filter(processor="carrier").count() == 0


@pytest.mark.promise("P-18", clause="immediate capture with consent")
@pytest.mark.parametrize(("allowed", "consent"), [(True, False), (False, True)])
def test_without_consent_or_the_shop_setting_nothing_is_charged_at_checkout(settings, allowed, consent,
                                                                            django_capture_on_commit_callbacks):
    # given
    settings.SHOPKEEP_IMMEDIATE_CAPTURE = allowed

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order, payment = place(consent=consent)

    # then
    payment.refresh_from_db()
    assert payment.captured_amount == Decimal("0.00")
    assert order.status == Order.Status.READY_TO_DISPATCH
