"""A question's whole life: contact form -> ticket -> staff reply by email -> the customer's emailed answer
comes back into the ticket through process_inbound -> closed and purged after the retention period (P-41)."""

import email
import email.policy
from datetime import datetime, timedelta, timezone as dt_timezone
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.conf import conf
from shopkeep.mailing.models import Subscription
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.retention import retention_run
from shopkeep.support.models import Ticket, TicketMessage
from shopkeep.support.services import ticket_reply_address
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
PASSWORD = "a long staff password 1"


@pytest.fixture(autouse=True)
def _shop(settings):
    settings.DEFAULT_FROM_EMAIL = "shop@shop.example"
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"


def outbox_messages(outbox: Path) -> list:
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(outbox.glob("*.eml"))]


def customer_answer(*, sender: str, to: str, in_reply_to: str, references: str, body: str) -> bytes:
    return "\r\n".join([
        f"From: Grace <{sender}>", f"To: {to}", "Subject: Re: your question", "Message-ID: <answer.one@mail.example>",
        f"In-Reply-To: {in_reply_to}", f"References: {references}", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "", body,
    ]).encode() + b"\r\n"


def maildir_with(tmp_path: Path, raw: bytes) -> Path:
    box = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "new" / "1.answer").write_bytes(raw)
    return box


@pytest.mark.promise("P-41")
def test_a_guest_question_is_answered_by_email_and_the_emailed_answer_comes_back_into_the_ticket(
        client, outbox_dir, tmp_path):
    # given a guest's order and the contact form, sent with that order's number
    order = order_place(email="grace@example.com")
    response = client.post(reverse("support:contact"), {
        "email": "Grace@Example.com", "name": "Grace", "order_number": order.number.lower(),
        "message": "Can I change the size of the socks I ordered?"}, **SAME_ORIGIN)
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert (ticket.email, ticket.name, ticket.order, ticket.status) == ("grace@example.com", "Grace", order, "open")
    assert ticket.reference in response.content.decode()
    assert not Subscription.objects.exists()
    for path in outbox_dir.glob("*.eml"):
        path.unlink()  # the order confirmation

    # when customer service replies in the back office
    agent, _ = staff_create(email="cs@shop.example", role=Role.CUSTOMER_SERVICE, password=PASSWORD)
    staff_login(client, agent)
    page = client.get(reverse("backoffice_support:detail", args=[ticket.reference])).content.decode()
    assert "Can I change the size of the socks I ordered?" in page and "grace@example.com" in page
    response = client.post(reverse("backoffice_support:detail", args=[ticket.reference]),
                           {"action": "reply", "body": "Yes: reply with the size you want and we swap them."})
    assert response.status_code == 302

    # then one email goes to the guest from the shop's address, threaded, with a signed reply address
    [sent] = outbox_messages(outbox_dir)
    question = ticket.messages.get(kind=TicketMessage.Kind.CUSTOMER)
    reply = ticket.messages.get(kind=TicketMessage.Kind.REPLY)
    assert sent["From"] == "shop@shop.example"
    assert sent["To"] == "grace@example.com"
    assert sent["Subject"] == f"Re: your question to {conf.shop_name} [{ticket.reference}]"
    assert sent["Reply-To"] == ticket_reply_address(ticket=ticket)
    assert sent["Reply-To"].startswith(f"support+{ticket.reference.lower()}.")
    assert sent["Reply-To"].endswith("@shop.example")
    assert sent["Message-ID"] == reply.message_id
    assert sent["In-Reply-To"] == question.message_id
    assert sent["References"] == question.message_id
    assert "List-Unsubscribe" not in sent
    text = sent.get_body(preferencelist=("plain",)).get_content()
    assert "Yes: reply with the size you want and we swap them." in text
    assert "Can I change the size of the socks I ordered?" in text
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ANSWERED

    # when the guest answers by email and the inbound mailbox is processed
    answer = customer_answer(sender="grace@example.com", to=sent["Reply-To"], in_reply_to=sent["Message-ID"],
                             references=f"{question.message_id} {sent['Message-ID']}",
                             body="Size L please.\r\n\r\nOn Tuesday the shop wrote:\r\n> Yes: reply with the size")
    out = StringIO()
    call_command("process_inbound", maildir=str(maildir_with(tmp_path, answer)), stdout=out)

    # then the answer is in the ticket, without the quoted text, and the ticket is back in the queue
    assert "1 support_reply" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert [(m.kind, m.body) for m in ticket.messages.all()] == [
        ("customer", "Can I change the size of the socks I ordered?"),
        ("reply", "Yes: reply with the size you want and we swap them."),
        ("customer", "Size L please."),
    ]
    page = client.get(reverse("backoffice_support:detail", args=[ticket.reference])).content.decode()
    assert "Size L please." in page

    # and a closed request is purged after its retention period (1 year by default), not a day earlier
    closed_at = datetime(2026, 3, 1, 12, 0, tzinfo=dt_timezone.utc)
    with mock.patch("django.utils.timezone.now", return_value=closed_at):
        client.post(reverse("backoffice_support:detail", args=[ticket.reference]), {"action": "close"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.closed_at) == (Ticket.Status.CLOSED, closed_at)
    assert {o.key: o.count for o in retention_run(now=closed_at + timedelta(days=364), apply=True)}[
        "support_ticket"] == 0
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert {o.key: o.count for o in retention_run(now=closed_at + timedelta(days=365, seconds=1), apply=True)}[
        "support_ticket"] == 1
    assert not Ticket.objects.exists() and not TicketMessage.objects.exists()
