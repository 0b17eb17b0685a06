"""The newsletter box of the checkout is acted on once, when the order is placed (P-25: double opt-in)."""

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout import services as checkout_services
from shopkeep.checkout.tests.flow import Shopper
from shopkeep.mailing.models import EmailSend, Subscription
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_from_confirmation_token
from shopkeep.sandbox_gateway.tests.factories import DECLINED

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", price="12.50", stock=5)
    return Shopper(client=client, cart=cart_with_lines((socks, 2)))


def kinds(mailoutbox) -> list[str]:
    return sorted(m.extra_headers["Message-ID"].split(".")[0] for m in mailoutbox)


@pytest.mark.promise("P-25")
def test_the_details_step_sends_no_newsletter_confirmation(shopper, mailoutbox, django_capture_on_commit_callbacks):
    # when: a form from an older page still carries the box
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper.submit_details(newsletter="on")

    # then
    assert response.status_code == 303
    assert mailoutbox == []
    assert Subscription.objects.count() == 0


@pytest.mark.promise("P-25")
def test_the_review_step_offers_the_newsletter_box_unticked(shopper):
    # when
    html = shopper.ready_to_place().content.decode()

    # then
    assert '<input type="checkbox" name="newsletter" id="id_newsletter">' in html


@pytest.mark.promise("P-25")
def test_no_newsletter_confirmation_when_the_order_is_not_placed(shopper, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    # given
    shopper.ready_to_place(DECLINED)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper.place(newsletter="on")

    # then
    assert response.status_code == 402
    assert Order.objects.count() == 0
    assert mailoutbox == []
    assert Subscription.objects.count() == 0


@pytest.mark.promise("P-25")
def test_placing_the_order_with_the_box_ticked_sends_one_confirmation_link_even_when_replayed(
    shopper, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    # given: count the requests (the mailing service itself also refuses a resend within minutes)
    requested = []
    subscribe = checkout_services.newsletter_subscribe_request
    monkeypatch.setattr(checkout_services, "newsletter_subscribe_request",
                        lambda **kwargs: requested.append(kwargs) or subscribe(**kwargs))
    shopper.ready_to_place()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = shopper.place(newsletter="on")
        again = shopper.place(newsletter="on")

    # then
    assert (first.status_code, again.status_code) == (303, 303)
    # the same order's page (its link is signed with the time it was made, so compare the order it opens)
    assert order_from_confirmation_token(first["Location"].rstrip("/").rsplit("/", 1)[-1]) == \
        order_from_confirmation_token(again["Location"].rstrip("/").rsplit("/", 1)[-1]) is not None
    assert requested == [{"email": "ada@example.com", "source": "checkout"}]
    assert kinds(mailoutbox) == ["<newsletter_confirmation", "<order_confirmation"]
    assert list(Subscription.objects.values_list("status", "source")) == [("pending", "checkout")]
    assert EmailSend.objects.filter(kind="newsletter_confirmation").count() == 1


@pytest.mark.promise("P-25")
def test_placing_the_order_without_the_box_sends_only_the_order_confirmation(shopper, mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    # given
    shopper.ready_to_place()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper.place()

    # then
    assert response.status_code == 303
    assert kinds(mailoutbox) == ["<order_confirmation"]
    assert Subscription.objects.count() == 0
