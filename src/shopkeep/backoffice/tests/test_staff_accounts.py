"""The owner invites staff by email, changes their roles and deactivates them, every change audited; each role lands
on its own back-office home after logging in and sees only its own queues."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from shopkeep.customers.models import User
from shopkeep.customers.staff import staff_home_url
from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.roles import Role, user_roles
from shopkeep.testing.staff import STAFF_PASSWORD, staff_login, staff_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "harbour lights at dawn 7"
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def invitation_path(captured) -> str:
    [message] = captured
    body = message.body
    return re.search(r"https?://[^/\s]+(/backoffice/staff/invitation/\S+/)", body).group(1)



def _login_request():
    """A login request (login throttling, django-axes, counts attempts per client address, so it needs one)."""
    from django.test import RequestFactory

    return RequestFactory().post("/account/login/")

def test_an_invited_clerk_sets_a_password_from_the_link_and_lands_on_the_dispatch_queue(
        client, settings, django_capture_on_commit_callbacks):
    # given
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = staff_login(client, Role.OWNER)

    # when: the owner invites
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice_staff:invite"), {"email": "Clerk@Shop.example", "name": "Kim",
                                                                    "role": "fulfilment"})
    clerk = User.objects.with_email("clerk@shop.example").get()
    path = invitation_path(mail.outbox)
    client.logout()
    form = client.get(path)
    saved = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)
    reused = client.get(path)
    password_works = authenticate(_login_request(), username="clerk@shop.example", password=NEW_PASSWORD)
    staff_login(client, User.objects.get(pk=clerk.pk))
    landing = client.get(reverse("customers:login"))

    # then
    assert response.status_code == 302
    assert (clerk.is_staff, clerk.is_active, user_roles(clerk)) == (True, True, {"fulfilment"})
    assert mail.outbox[0].subject.startswith("You are invited to the")
    assert (form.status_code, saved.status_code, reused.status_code) == (200, 200, 400)
    assert "Your password is saved" in saved.content.decode()
    assert password_works is not None and password_works.pk == clerk.pk
    assert landing["Location"] == reverse("backoffice:dispatch_list")
    entry = AuditEntry.objects.get(subject_ref=clerk.customer_number)
    assert (entry.staff, entry.action, entry.fields, entry.reason) == (
        owner, "change", ["customers.User.groups"], "invited as Fulfilment")


def test_an_invitation_to_an_address_that_has_an_account_is_refused_with_a_sentence(client):
    # given
    staff_login(client, Role.OWNER)
    staff_user(Role.BILLING)

    # when
    response = client.post(reverse("backoffice_staff:invite"), {"email": "billing@shop.example", "name": "",
                                                                "role": "marketing"})

    # then
    assert response.status_code == 400
    assert "This address already has an account" in response.content.decode()
    assert User.objects.filter(is_staff=True).count() == 2


def test_the_owner_changes_a_role_and_deactivates_an_account_and_both_are_audited(client):
    # given
    owner = staff_login(client, Role.OWNER)
    clerk = staff_user(Role.FULFILMENT)
    url = reverse("backoffice_staff:edit", args=[clerk.pk])

    # when
    client.post(url, {"action": "role", "role": "customer_service"})
    client.post(url, {"action": "deactivate"})

    # then
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.is_active is False
    assert set(clerk.groups.values_list("name", flat=True)) == {"customer_service"}
    reasons = list(AuditEntry.objects.filter(subject_ref=clerk.customer_number, action="change")
                   .order_by("id").values_list("reason", "fields"))
    assert reasons == [("role changed from Fulfilment to Customer service", ["customers.User.groups"]),
                       ("account deactivated", ["customers.User.is_active"])]
    assert authenticate(_login_request(), username="fulfilment@shop.example", password=STAFF_PASSWORD) is None


def test_the_last_owner_cannot_lose_the_role_and_nobody_changes_their_own(client):
    # given
    owner = staff_login(client, Role.OWNER)

    # when
    response = client.post(reverse("backoffice_staff:edit", args=[owner.pk]), {"action": "deactivate"}, follow=True)

    # then
    assert "You cannot deactivate your own account." in response.content.decode()
    owner.refresh_from_db()
    assert owner.is_active


def test_the_staff_list_reads_emails_through_the_audited_access_function(client):
    # given
    owner = staff_login(client, Role.OWNER)
    staff_user(Role.MARKETING)

    # when
    page = client.get(reverse("backoffice_staff:list")).content.decode()

    # then
    assert "marketing@shop.example" in page
    entry = AuditEntry.objects.get(reason="list of staff accounts")
    assert (entry.staff, entry.fields) == (owner, ["customers.User.email", "customers.User.name"])


@pytest.mark.parametrize(("role", "home"), [
    (Role.OWNER, "backoffice:home"), (Role.FULFILMENT, "backoffice:dispatch_list"),
    (Role.CUSTOMER_SERVICE, "backoffice:home"), (Role.BILLING, "backoffice:home"),
    (Role.MARKETING, "backoffice:home"),
])
def test_each_role_lands_on_its_own_home_after_login(client, role, home):
    # given: signed in (the login page sends a signed-in visitor where a fresh login lands)
    staff_login(client, role)

    # when
    response = client.get(reverse("customers:login"))

    # then
    assert response["Location"] == reverse(home)
    assert client.get(response["Location"]).status_code == 200


def test_a_customer_still_lands_on_the_account_page(client):
    # given
    User.objects.create_user("buyer@example.com", NEW_PASSWORD)

    # when
    response = client.post(reverse("customers:login"), {"username": "buyer@example.com", "password": NEW_PASSWORD},
                           **SAME_ORIGIN)

    # then
    assert response["Location"] == reverse("customers:account")
    assert staff_home_url(User.objects.get()) is None


CARDS = {
    Role.OWNER: {"Dispatch", "Stock", "Fraud review", "Returns", "Support", "Phone order", "Statistics", "Campaigns",
                 "Catalogue", "Shipping and VAT", "Staff", "Shop settings"},
    Role.FULFILMENT: {"Dispatch", "Stock"},
    Role.CUSTOMER_SERVICE: {"Fraud review", "Returns", "Support"},
    Role.BILLING: {"Phone order"},
    Role.MARKETING: {"Statistics", "Campaigns"},
}


@pytest.mark.parametrize("role", list(CARDS))
def test_each_role_home_shows_only_the_cards_of_screens_it_may_open(client, role):
    # given
    staff_login(client, role)

    # when
    page = client.get(reverse("backoffice:home")).content.decode()

    # then
    cards = re.findall(r'<section class="bo-panel"><h2><a href="([^"]+)">([^<]+)</a>', page)
    assert {title for _, title in cards} == CARDS[role]
    for url, _ in cards:
        assert client.get(url).status_code == 200
    assert "Back office" in client.get("/").content.decode()
