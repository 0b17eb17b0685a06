"""Only customer service and the owner open support requests; other staff get the styled 403 and change
nothing; a customer sees only their own requests, and never our internal notes."""

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.customers.tests.factories import customer_create
from shopkeep.privacy.models import AuditEntry
from shopkeep.support.models import Ticket, TicketMessage
from shopkeep.support.services import ticket_note_add
from shopkeep.support.tests.factories import ticket_create
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff password 1"


def staff_pages(ticket: Ticket) -> list[tuple[str, list, str, dict]]:
    return [
        ("backoffice_support:list", [], "get", {}),
        ("backoffice_support:detail", [ticket.reference], "get", {}),
        ("backoffice_support:detail", [ticket.reference], "post", {"action": "close"}),
        ("backoffice_support:detail", [ticket.reference], "post", {"action": "note", "note": "x"}),
        ("backoffice_support:articles", [], "get", {}),
        ("backoffice_support:article_new", [], "get", {}),
        ("backoffice_support:article_new", [], "post", {"title": "x"}),
        ("backoffice_support:category_new", [], "post", {"name": "x"}),
    ]


@pytest.mark.parametrize("role", [Role.MARKETING, Role.BILLING, Role.FULFILMENT])
def test_other_staff_roles_get_the_styled_403_on_every_support_page_and_change_nothing(client, role):
    # given a request and a member of staff without the customer-service role
    ticket = ticket_create()
    staff_login(client, role)
    # when they try every support page
    responses = [(name, method, getattr(client, method)(reverse(name, args=args), data))
                 for name, args, method, data in staff_pages(ticket)]
    # then each is refused with the shop's own 403 page, and nothing changed or was opened
    assert [(name, method) for name, method, response in responses if response.status_code != 403] == []
    page = responses[1][2].content.decode()
    assert "This screen is not part of your role" in page and "<footer" in page
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN and ticket.messages.count() == 1
    assert AuditEntry.objects.count() == 0


def test_a_customer_or_visitor_is_sent_to_log_in_for_the_queue(client):
    ticket = ticket_create()
    customer = customer_create()
    response = client.get(reverse("backoffice_support:detail", args=[ticket.reference]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("customers:login"))
    client.force_login(customer)
    assert client.get(reverse("backoffice_support:detail", args=[ticket.reference])).status_code == 403


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.OWNER])
def test_customer_service_and_the_owner_open_a_request_and_the_opening_is_audited(client, role):
    # given
    ticket = ticket_create(email="grace@example.com", name="Grace Hopper", message="Do you ship to Norway?")
    staff = staff_login(client, role)
    # when
    queue = client.get(reverse("backoffice_support:list")).content.decode()
    page = client.get(reverse("backoffice_support:detail", args=[ticket.reference])).content.decode()
    # then the queue lists the request without personal data, and the request page shows it, audited
    assert ticket.reference in queue and "grace@example.com" not in queue and "Norway" not in queue
    assert "grace@example.com" in page and "Grace Hopper" in page and "Do you ship to Norway?" in page
    entries = list(AuditEntry.objects.filter(staff=staff, subject_ref=ticket.reference))
    assert {field for entry in entries for field in entry.fields} >= {"support.Ticket.email", "support.Ticket.name",
                                                                      "support.TicketMessage.body"}


def test_staff_assign_add_a_note_close_and_reopen(client):
    # given
    ticket = ticket_create()
    agent = staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice_support:detail", args=[ticket.reference])
    # when
    client.post(url, {"action": "assign", "assigned_to": agent.pk})
    client.post(url, {"action": "note", "note": "Checked the warehouse."})
    client.post(url, {"action": "close"})
    ticket.refresh_from_db()
    closed = (ticket.assigned_to, ticket.status, ticket.closed_at is not None)
    client.post(url, {"action": "reopen"})
    ticket.refresh_from_db()
    # then
    assert closed == (agent, Ticket.Status.CLOSED, True)
    assert (ticket.status, ticket.closed_at) == (Ticket.Status.OPEN, None)
    assert list(ticket.messages.filter(kind=TicketMessage.Kind.NOTE).values_list("body", "author")) == [
        ("Checked the warehouse.", agent.pk)]
    mine = client.get(reverse("backoffice_support:list") + "?mine=1").content.decode()
    assert ticket.reference in mine


def test_a_closed_request_cannot_be_answered_until_it_is_reopened(client, settings):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    ticket = ticket_create()
    staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice_support:detail", args=[ticket.reference])
    client.post(url, {"action": "close"})
    # when
    response = client.post(url, {"action": "reply", "body": "Hello"})
    # then
    assert response.status_code == 400
    assert "This request is closed. Reopen it before replying." in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_customer_sees_their_own_requests_and_another_customer_never_does(client):
    # given two customers, each with a request sent while logged in, and an internal note on the first
    ada, bob = customer_create(email="ada@example.com"), customer_create(email="bob@example.com")
    adas = ticket_create(email="ada@example.com", customer=ada, message="Ada's question about socks")
    bobs = ticket_create(email="bob@example.com", customer=bob, message="Bob's question about shoes")
    staff, _ = staff_create(email="cs@shop.example", role=Role.CUSTOMER_SERVICE, password=PASSWORD)
    ticket_note_add(ticket=adas, body="Internal: VIP", by=staff)
    # when Ada looks at her account
    client.force_login(ada)
    listing = client.get(reverse("support:my_requests")).content.decode()
    own = client.get(reverse("support:my_request", args=[adas.reference]))
    other = client.get(reverse("support:my_request", args=[bobs.reference]))
    # then she sees her request (not our note) and nothing of Bob's
    assert adas.reference in listing and bobs.reference not in listing
    assert own.status_code == 200 and "Ada&#x27;s question about socks" in own.content.decode()
    assert "Internal: VIP" not in own.content.decode()
    assert other.status_code == 404 and "Bob" not in other.content.decode()
    account = client.get(reverse("customers:account")).content.decode()
    assert f'href="{reverse("support:my_requests")}"' in account


def test_the_account_requests_page_needs_a_login(client):
    response = client.get(reverse("support:my_requests"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("customers:login"))
