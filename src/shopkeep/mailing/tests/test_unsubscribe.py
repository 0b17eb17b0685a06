"""One-click unsubscribe (RFC 8058/2369): headers on every marketing email, a POST that needs no cookie,
CSRF token or login, idempotent, and tokens that only ever name their own address (P-27)."""

import re

import pytest
from django.test import Client

from shopkeep.mailing.errors import EmailRefused
from shopkeep.mailing.models import Subscription, Suppression
from shopkeep.mailing.services import unsubscribe_token
from shopkeep.mailing.tests.factories import newsletter_send, subscriber_create
from shopkeep.privacy.crypto import blind_index

pytestmark = pytest.mark.django_db

LIST_UNSUBSCRIBE = re.compile(r"<https://shop\.example/u/([^>]+)>, <mailto:remove@shop\.example\?subject=unsubscribe>")


@pytest.fixture(autouse=True)
def _shop(settings):
    settings.SHOPKEEP_BASE_URL = "https://shop.example"
    settings.DEFAULT_FROM_EMAIL = "news@shop.example"


def bare_client() -> Client:
    """A mail client's HTTP request: no cookie, no CSRF token, no session, no Origin."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.promise("P-27")
def test_every_marketing_email_carries_the_rfc_8058_headers_and_a_visible_link(mailoutbox):
    # given
    subscriber_create(email="ada@example.com")

    # when
    newsletter_send("ada@example.com")

    # then
    message = mailoutbox[0]
    match = LIST_UNSUBSCRIBE.fullmatch(message.extra_headers["List-Unsubscribe"])
    assert match
    assert match.group(1) == unsubscribe_token("ada@example.com")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = f"https://shop.example/u/{match.group(1)}"
    assert f"Unsubscribe with one click: {url}" in message.body
    assert f'href="{url}"' in message.alternatives[0][0]


def test_transactional_email_has_no_unsubscribe_headers(mailoutbox):
    # when
    from shopkeep.mailing.services import email_send

    email_send(kind="order_update", to="ada@example.com", subject="s", template="mailing/email/test_newsletter",
               context={"body": "b"})

    # then
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert "Unsubscribe" not in mailoutbox[0].body


@pytest.mark.promise("P-27")
@pytest.mark.promise("P-29")
def test_one_click_post_without_cookie_or_csrf_token_unsubscribes_at_once_from_every_list(mailoutbox):
    # given
    subscriber_create(email="ada@example.com")
    client = bare_client()

    # when
    response = client.post(f"/u/{unsubscribe_token('ada@example.com')}", {"List-Unsubscribe": "One-Click"})

    # then
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert response.cookies == {}
    assert Subscription.objects.count() == 0
    assert list(Suppression.objects.values_list("email_index", "reason")) == [
        (blind_index("ada@example.com"), "unsubscribed")]
    with pytest.raises(EmailRefused):
        newsletter_send("ada@example.com")
    with pytest.raises(EmailRefused):
        from shopkeep.mailing.services import email_send

        email_send(kind="survey_invitation", to="ada@example.com", subject="s",
                   template="mailing/email/test_newsletter", context={"body": "b"})
    assert mailoutbox == []


@pytest.mark.promise("P-27")
def test_one_click_post_is_idempotent():
    # given
    subscriber_create(email="ada@example.com")
    url = f"/u/{unsubscribe_token('ada@example.com')}"

    # when
    first = bare_client().post(url, {"List-Unsubscribe": "One-Click"})
    second = bare_client().post(url, {"List-Unsubscribe": "One-Click"})

    # then
    assert (first.status_code, second.status_code) == (200, 200)
    assert Suppression.objects.count() == 1


@pytest.mark.promise("P-27")
def test_get_shows_a_confirmation_page_with_a_button_and_changes_nothing():
    # given
    subscriber_create(email="ada@example.com")
    token = unsubscribe_token("ada@example.com")

    # when
    response = bare_client().get(f"/u/{token}")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="/u/{token}">' in html
    assert "csrfmiddlewaretoken" not in html
    assert response.cookies == {}
    assert Subscription.objects.filter(status="confirmed").count() == 1
    assert Suppression.objects.count() == 0


@pytest.mark.promise("P-27")
@pytest.mark.parametrize("forge", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
    lambda token: blind_index("bob@example.com") + token[64:],
    lambda token: blind_index("bob@example.com"),
    lambda token: "nonsense",
], ids=["altered-signature", "other-address-with-my-signature", "unsigned-hash", "garbage"])
def test_a_forged_or_borrowed_token_unsubscribes_nobody(forge):
    # given
    subscriber_create(email="ada@example.com")
    subscriber_create(email="bob@example.com")
    token = forge(unsubscribe_token("ada@example.com"))

    # when
    response = bare_client().post(f"/u/{token}")

    # then
    assert response.status_code == 404
    assert Subscription.objects.filter(status="confirmed").count() == 2
    assert Suppression.objects.count() == 0


@pytest.mark.promise("P-27")
def test_a_token_only_ever_unsubscribes_its_own_address():
    # given
    subscriber_create(email="ada@example.com")
    subscriber_create(email="bob@example.com")

    # when
    bare_client().post(f"/u/{unsubscribe_token('ada@example.com')}")

    # then
    assert unsubscribe_token("ada@example.com") != unsubscribe_token("bob@example.com")
    assert [s.email for s in Subscription.objects.all()] == ["bob@example.com"]
    assert list(Suppression.objects.values_list("email_index", flat=True)) == [blind_index("ada@example.com")]
