"""The contact form: email required for a reply, name optional, an order number must belong to that email
(without saying whether the order exists), no account needed, nobody subscribed, a per-address hourly limit."""

import pytest
from django.urls import reverse

from shopkeep.customers.tests.factories import customer_create
from shopkeep.mailing.models import EmailSend, Subscription
from shopkeep.orders.tests.factories import order_place
from shopkeep.support.models import Ticket

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
MISMATCH = "We could not match this order number to this email address."


def send(client, **fields):
    data = {"email": "grace@example.com", "name": "", "order_number": "", "message": "Do you ship to Norway?",
            **fields}
    return client.post(reverse("support:contact"), data, **SAME_ORIGIN)


@pytest.mark.promise("P-41")
def test_a_guest_sends_a_question_without_a_name_and_nobody_is_subscribed_or_emailed(client):
    # when
    response = send(client)
    # then
    ticket = Ticket.objects.get()
    assert response.status_code == 200
    assert (ticket.email, ticket.name, ticket.customer, ticket.order) == ("grace@example.com", "", None, None)
    assert list(ticket.messages.values_list("kind", "body")) == [("customer", "Do you ship to Norway?")]
    assert not Subscription.objects.exists() and not EmailSend.objects.exists()
    assert not response.cookies


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"email": ""}, "email", "Enter your email address, so that we can reply."),
    ({"email": "not-an-address"}, "email", "Enter a valid email address, like name@example.com."),
    ({"message": "   "}, "message", "Write your question or request."),
    ({"message": "x" * 5001}, "message", "Please keep it under 5000 characters."),
])
def test_a_request_without_a_usable_email_or_message_is_refused_with_a_message(client, fields, field, message):
    response = send(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_order_number_is_checked_against_the_email_without_telling_whether_the_order_exists(client):
    # given an order of Ada's
    order = order_place(email="ada@example.com")
    # when Grace names Ada's order, and then a number no order has
    wrong_email = send(client, order_number=order.number)
    unknown = send(client, order_number="SK-AAAAAAA")
    # then both get the same clear message on the order number, and no request is made
    assert wrong_email.status_code == unknown.status_code == 400
    assert MISMATCH in wrong_email.content.decode() and MISMATCH in unknown.content.decode()
    assert wrong_email.content.decode().replace(order.number, "") .count(MISMATCH) == \
        unknown.content.decode().replace("SK-AAAAAAA", "").count(MISMATCH)
    assert not Ticket.objects.exists()
    # and with the right email (any case, spaces, look-alike letters) the order is linked
    send(client, email="ADA@example.com", order_number=f" {order.number.lower()} ")
    assert Ticket.objects.get().order == order


@pytest.mark.promise("P-41")
def test_a_logged_in_customer_finds_the_form_filled_in_and_the_request_in_their_account(client):
    # given
    customer = customer_create(email="ada@example.com", name="Ada")
    client.force_login(customer)
    # when
    form = client.get(reverse("support:contact")).content.decode()
    send(client, email="ada@example.com", name="Ada")
    # then
    assert 'value="ada@example.com"' in form and 'value="Ada"' in form
    assert Ticket.objects.get().customer == customer


def test_the_form_links_the_privacy_notice_next_to_it_and_says_how_long_requests_are_kept(client, settings):
    settings.SHOPKEEP_SUPPORT_TICKET_RETENTION_DAYS = 730
    page = client.get(reverse("support:contact")).content.decode()
    notice = page.index('class="small muted privacy-note"')
    assert notice > page.index("</form>") and 'href="/privacy/"' in page[notice:notice + 400]
    assert "delete it 2 years after your request is closed" in page
    assert "never subscribes you" in page


def test_a_cross_site_post_is_refused_and_opens_nothing(client):
    response = client.post(reverse("support:contact"), {"email": "a@example.com", "message": "Hello there"},
                           HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403 and not Ticket.objects.exists()


def test_one_address_may_send_five_requests_an_hour_then_is_asked_to_wait(client):
    # given
    for _ in range(5):
        assert send(client).status_code == 200
    # when
    refused = send(client)
    # then
    assert refused.status_code == 400
    assert "Please wait an hour before sending another one" in refused.content.decode()
    assert Ticket.objects.count() == 5
