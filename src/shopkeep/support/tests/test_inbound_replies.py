"""Customers' emailed answers find their ticket by the signed reply address or by the Message-ID of our
reply (only from the address that asked); forged, unsigned or unrelated mail never lands in a ticket."""

import pytest

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.mailing.inbound import inbound_message_process
from shopkeep.mailing.models import Suppression
from shopkeep.support.models import Ticket, TicketMessage
from shopkeep.support.services import ticket_close, ticket_reply, ticket_reply_address
from shopkeep.support.tests.factories import ticket_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shop(settings):
    settings.DEFAULT_FROM_EMAIL = "shop@shop.example"
    settings.SHOPKEEP_INBOUND_SECRET = "inbound secret"


@pytest.fixture
def answered():
    ticket = ticket_create(email="grace@example.com")
    staff, _ = staff_create(email="cs@shop.example", role=Role.CUSTOMER_SERVICE, password="a long password 12")
    reply = ticket_reply(ticket=ticket, body="We have sent it.", by=staff)
    return ticket, reply


def message(*, sender="grace@example.com", to="shop@shop.example", in_reply_to="", message_id="<a.b@mail.example>",
            body="Thanks, it arrived!", html=False) -> bytes:
    headers = [f"From: {sender}", f"To: {to}", "Subject: Re: your question", f"Message-ID: {message_id}",
               "MIME-Version: 1.0"]
    if in_reply_to:
        headers.append(f"In-Reply-To: {in_reply_to}")
    content_type = "text/html" if html else "text/plain"
    return "\r\n".join([*headers, f"Content-Type: {content_type}; charset=utf-8", "", body]).encode() + b"\r\n"


def customer_bodies(ticket: Ticket) -> list[str]:
    return list(ticket.messages.filter(kind=TicketMessage.Kind.CUSTOMER).values_list("body", flat=True))


def test_an_answer_to_the_signed_reply_address_lands_in_its_ticket_even_from_another_mailbox(answered):
    ticket, _ = answered
    result = inbound_message_process(message(sender="grace.work@example.net", to=ticket_reply_address(ticket=ticket)))
    assert (result.outcome, result.detail) == ("support_reply", ticket.reference)
    assert customer_bodies(ticket)[-1] == "Thanks, it arrived!"


@pytest.mark.promise("P-41")
def test_an_answer_threaded_to_our_reply_lands_in_its_ticket_only_from_the_address_that_asked(answered):
    # given
    ticket, reply = answered
    # when
    stranger = inbound_message_process(message(sender="eve@example.com", in_reply_to=reply.message_id,
                                               message_id="<eve@x>"))
    owner = inbound_message_process(message(in_reply_to=reply.message_id, message_id="<grace@x>"))
    # then
    assert stranger.outcome == "ignored" and owner.outcome == "support_reply"
    assert customer_bodies(ticket) == ["Where is my parcel?", "Thanks, it arrived!"]


def test_a_forged_or_unknown_reply_address_is_ignored(answered):
    # given the signed address, and addresses that imitate it
    ticket, _ = answered
    signed = ticket_reply_address(ticket=ticket)
    local, _, _domain = signed.partition("@")
    imitations = [f"{local.rsplit('.', 1)[0]}.aaaaaaaaaaaaaaaaaaaa@shop.example",  # wrong signature
                  f"{local}@elsewhere.example",  # another domain
                  f"support+{ticket.reference.lower()}@shop.example",  # no signature
                  "support@shop.example"]
    # when / then
    assert [inbound_message_process(message(to=to)).outcome for to in imitations] == ["ignored"] * 4
    assert len(customer_bodies(ticket)) == 1


def test_the_same_answer_delivered_twice_is_added_once_and_a_closed_request_reopens(answered):
    # given
    ticket, _ = answered
    ticket_close(ticket=ticket)
    raw = message(to=ticket_reply_address(ticket=ticket), body="One more thing.\n-- \nGrace")
    # when
    first, second = inbound_message_process(raw), inbound_message_process(raw)
    # then
    ticket.refresh_from_db()
    assert (first.outcome, second.outcome) == ("support_reply", "support_reply")
    assert second.detail == f"{ticket.reference} (already added)"
    assert customer_bodies(ticket) == ["Where is my parcel?", "One more thing."]
    assert (ticket.status, ticket.closed_at) == (Ticket.Status.OPEN, None)


def test_an_html_only_answer_is_kept_as_text_and_an_empty_one_is_skipped(answered):
    ticket, _ = answered
    to = ticket_reply_address(ticket=ticket)
    html = inbound_message_process(message(to=to, html=True, message_id="<h@x>",
                                           body="<p>Great, <b>thanks</b>!</p><script>x</script>"))
    empty = inbound_message_process(message(to=to, message_id="<e@x>", body="> quoted only"))
    assert html.outcome == "support_reply" and empty.outcome == "skipped"
    assert customer_bodies(ticket)[-1] == "Great, thanks!x"


def test_mail_to_the_remove_address_still_unsubscribes_and_never_reaches_a_ticket(answered):
    ticket, reply = answered
    result = inbound_message_process(message(to="remove@shop.example", in_reply_to=reply.message_id))
    assert result.outcome == "unsubscribed" and Suppression.objects.count() == 1
    assert len(customer_bodies(ticket)) == 1


def test_the_inbound_webhook_puts_an_answer_into_its_ticket(client, answered):
    ticket, _ = answered
    response = client.post("/hooks/inbound-email", message(to=ticket_reply_address(ticket=ticket)),
                           content_type="message/rfc822", HTTP_X_SHOPKEEP_INBOUND_SECRET="inbound secret")
    assert response.status_code == 200
    assert response.json() == {"outcome": "support_reply", "detail": ticket.reference}
    assert customer_bodies(ticket)[-1] == "Thanks, it arrived!"
