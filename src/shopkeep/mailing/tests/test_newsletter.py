"""Newsletter double opt-in: a form (or box) only sends a confirmation email; only following the signed
link subscribes, recording time, source and policy version (P-25)."""

import re

import pytest
from django.core import signing

from shopkeep.mailing.models import Subscription, Suppression
from shopkeep.mailing.services import (CONFIRM_SALT, newsletter_confirmation_token, newsletter_subscribe_request,
                                       unsubscribe)
from shopkeep.privacy.crypto import blind_index

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def _shop(settings):
    settings.SHOPKEEP_BASE_URL = "https://shop.example"


def confirm_path(message) -> str:
    return re.search(r"https://shop\.example(/newsletter/confirm/[^/\s]+/)", message.body).group(1)


def test_the_newsletter_form_sets_no_cookie_and_labels_its_field(client):
    # when
    response = client.get("/newsletter/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert response.cookies == {}
    assert '<label for="id_email">' in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.promise("P-25")
def test_the_form_sends_a_confirmation_email_and_subscribes_nobody_yet(client, mailoutbox):
    # when
    response = client.post("/newsletter/", {"email": "ada@example.com"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    [message] = mailoutbox
    assert (message.to, message.extra_headers["Message-ID"].startswith("<newsletter_confirmation.")) == (
        ["ada@example.com"], True)
    assert "You are NOT subscribed yet" in message.body
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.source, subscription.confirmed_at) == ("pending", "form", None)


@pytest.mark.promise("P-25")
def test_following_the_link_and_confirming_subscribes_with_time_source_and_policy_version(client, mailoutbox):
    # given
    from shopkeep.mailing.policy_notices import policy_publish
    from shopkeep.privacy.publishing import policy_current_version

    version = policy_current_version() or policy_publish(material=False, summary="first")
    newsletter_subscribe_request(email="ada@example.com", source="checkout")
    path = confirm_path(mailoutbox[0])

    # when
    shown = client.get(path)
    still_pending = Subscription.objects.get().status
    confirmed = client.post(path, **SAME_ORIGIN)

    # then
    assert f'<form method="post" action="{path}">' in shown.content.decode()
    assert still_pending == "pending"
    assert "You are subscribed" in confirmed.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.source, subscription.policy_version) == (
        "confirmed", "checkout", version.version)
    assert subscription.confirmed_at is not None


@pytest.mark.promise("P-25")
@pytest.mark.parametrize("token", [
    lambda sub: newsletter_confirmation_token(sub)[:-2] + "xx",
    lambda sub: signing.dumps({"s": sub.pk, "i": blind_index("eve@example.com")}, salt=CONFIRM_SALT),
    lambda sub: signing.dumps({"s": sub.pk, "i": sub.email_index}, salt="another-salt"),
], ids=["altered", "other-address", "other-salt"])
def test_a_forged_confirmation_link_subscribes_nobody(client, token):
    # given
    subscription = Subscription.objects.create(email="ada@example.com", source="form")

    # when
    response = client.post(f"/newsletter/confirm/{token(subscription)}/", **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert Subscription.objects.get().status == "pending"


def test_an_expired_confirmation_link_subscribes_nobody(client, settings, mailoutbox, monkeypatch):
    # given
    newsletter_subscribe_request(email="ada@example.com", source="form")
    path = confirm_path(mailoutbox[0])
    monkeypatch.setattr("shopkeep.mailing.services.CONFIRM_MAX_AGE", -1)

    # when
    response = client.post(path, **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert Subscription.objects.get().status == "pending"


def test_a_cross_site_post_to_the_form_is_refused(client, mailoutbox):
    # when
    response = client.post("/newsletter/", {"email": "ada@example.com"}, HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert (mailoutbox, Subscription.objects.count()) == ([], 0)


def test_an_invalid_address_gets_a_clear_error(client, mailoutbox):
    # when
    response = client.post("/newsletter/", {"email": "not-an-address"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert (mailoutbox, Subscription.objects.count()) == ([], 0)


def test_asking_twice_within_minutes_sends_one_confirmation(mailoutbox):
    # when
    newsletter_subscribe_request(email="ada@example.com", source="form")
    newsletter_subscribe_request(email="ada@example.com", source="form")

    # then
    assert len(mailoutbox) == 1


@pytest.mark.promise("P-29")
def test_someone_who_unsubscribed_is_suppressed_until_they_confirm_again(client, mailoutbox):
    # given
    unsubscribe(email="ada@example.com")

    # when
    newsletter_subscribe_request(email="ada@example.com", source="form")
    suppressed_while_pending = Suppression.objects.count()
    client.post(confirm_path(mailoutbox[0]), **SAME_ORIGIN)

    # then
    assert suppressed_while_pending == 1
    assert Suppression.objects.count() == 0
    assert Subscription.objects.get().status == "confirmed"
