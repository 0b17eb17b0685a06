"""Guests prove control of their email with a signed, single-use, time-limited link (P-34); the answer never tells
whether the shop knows the address."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.privacy import rights
from shopkeep.privacy.models import ErasureRequest, GuestAccess
from shopkeep.privacy.tests.people import ADA, BOB, person_with_everything

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def _link(mailoutbox) -> str:
    return re.search(r"https?://[^/\s]+(/privacy/request/open/[^\s]+)", mailoutbox[-1].body).group(1)


def _ask(client, email):
    return client.post("/privacy/request/", {"email": email}, **SAME_ORIGIN)


@pytest.mark.promise("P-34")
def test_a_known_and_an_unknown_email_get_the_same_answer(client, mailoutbox):
    # given
    person_with_everything(account=False, **ADA)

    # when
    known = _ask(client, ADA["email"])
    unknown = _ask(client, "nobody.here@example.org")

    # then the same redirect, page and email; no cookie
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert list(known.cookies) == list(unknown.cookies) == []
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert [m.subject for m in mailoutbox[-2:]] == ["Your link to see your data at shopkeep demo shop"] * 2


@pytest.mark.promise("P-34")
def test_the_signed_link_opens_the_guests_data_once_and_lets_them_copy_and_erase_it(
        client, mailoutbox, django_capture_on_commit_callbacks):
    # given a guest who ordered, subscribed and asked a question, and another person
    ada = person_with_everything(account=False, **ADA)
    bob = person_with_everything(account=False, **BOB)
    _ask(client, ada.email)
    link = _link(mailoutbox)

    # when she opens the link
    opened = client.get(link)
    page = client.get(opened["Location"])
    reused = client.get(link)

    # then she sees her orders, subscription and question, nothing of Bob's; the link is spent
    html = page.content.decode()
    assert opened.status_code == 302 and page.status_code == 200
    for value in (ada.email, ada.orders[0].number, ada.orders[1].number, "Newsletter subscriptions",
                  "Questions and support requests"):
        assert value in html
    for value in (bob.email, bob.name, bob.orders[0].number):
        assert value not in html
    assert reused.status_code == 400 and "This link no longer works" in reused.content.decode()

    # when she takes a copy and asks for erasure from the page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(opened["Location"], {"action": "export"}, **SAME_ORIGIN)
    client.post(opened["Location"], {"action": "erase", "confirm": "on"}, **SAME_ORIGIN)
    after = client.get(opened["Location"]).content.decode()

    # then the download link is there and the erasure is scheduled
    assert "Download your data (ZIP)" in after
    download = re.search(r'href="(/privacy/export/[^"]+)"', after).group(1)
    assert client.get(download).status_code == 200
    erasure = ErasureRequest.objects.get()
    assert (erasure.source, erasure.status) == ("guest", ErasureRequest.Status.PENDING)
    assert "We will do it on" in after


@pytest.mark.promise("P-34")
def test_an_expired_link_does_not_open(client, mailoutbox, settings):
    # given
    settings.SHOPKEEP_PRIVACY_LINK_MINUTES = 60
    person_with_everything(account=False, **ADA)
    _ask(client, ADA["email"])
    GuestAccess.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    # when
    response = client.get(_link(mailoutbox))

    # then
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()


@pytest.mark.promise("P-34")
def test_a_tampered_link_and_an_ended_page_do_not_open(client, mailoutbox):
    # given
    person_with_everything(account=False, **ADA)
    _ask(client, ADA["email"])
    link = _link(mailoutbox)

    # when
    tampered = client.get(link[:-3] + "abc/")
    opened = client.get(link)
    GuestAccess.objects.update(used_at=timezone.now() - timedelta(hours=2))
    ended = client.get(opened["Location"])

    # then
    assert tampered.status_code == 400
    assert ended.status_code == 400


def test_the_guest_page_refuses_a_post_from_another_site(client, mailoutbox):
    # given
    person_with_everything(account=False, **ADA)
    _ask(client, ADA["email"])
    page = client.get(_link(mailoutbox))["Location"]

    # when
    response = client.post(page, {"action": "erase", "confirm": "on"}, HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert ErasureRequest.objects.count() == 0


@pytest.mark.promise("P-34")
def test_the_api_answers_202_for_any_address(client, mailoutbox):
    # given
    person_with_everything(account=False, **ADA)
    mailoutbox.clear()  # the order emails of the set-up

    # when
    known = client.post("/api/v1/privacy-requests", {"email": ADA["email"]}, content_type="application/json")
    unknown = client.post("/api/v1/privacy-requests", {"email": "nobody@example.org"}, content_type="application/json")
    bad = client.post("/api/v1/privacy-requests", {"email": "not an email"}, content_type="application/json")

    # then
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert bad.status_code == 422 and "email" in bad.json()["errors"]
    assert len(mailoutbox) == 2


@pytest.mark.promise("P-34")
def test_asking_too_often_is_refused_the_same_way_for_any_address(client, mailoutbox, settings):
    # given the hourly limit is 2
    settings.SHOPKEEP_PRIVACY_REQUESTS_PER_HOUR = 2
    person_with_everything(account=False, **ADA)
    mailoutbox.clear()  # the order emails of the set-up

    # when one address is asked for three times, and another three times through the API
    pages = [_ask(client, ADA["email"]) for _ in range(3)]
    api = client.post("/api/v1/privacy-requests", {"email": "nobody@example.org"}, content_type="application/json")

    # then the third page and the API (the IP is past its limit) refuse with a sentence; two links went out
    assert [page.status_code for page in pages] == [302, 302, 200]
    assert "We have sent several links in the last hour" in pages[2].content.decode()
    assert api.status_code == 429 and api.json()["detail"].startswith("We have sent several links")
    assert len(mailoutbox) == 2


@pytest.mark.promise("P-34")
def test_every_page_links_your_data_and_in_cookieless_mode_it_leads_to_the_request_by_email(client, settings):
    # given the shop without accounts (cookieless mode), then with them
    settings.SHOPKEEP_COOKIES = "none"
    cookieless_home = client.get("/").content.decode()
    center = client.get("/account/privacy/")
    settings.SHOPKEEP_COOKIES = "necessary"
    home = client.get("/").content.decode()
    anonymous = client.get("/account/privacy/")

    # then the footer's "Your data" goes straight to the request by email, or to the page offering both
    assert 'href="/privacy/request/">Your data</a>' in cookieless_home
    assert (center.status_code, center["Location"]) == (302, "/privacy/request/")
    assert 'href="/account/privacy/">Your data</a>' in home
    page = anonymous.content.decode()
    assert anonymous.status_code == 200 and list(anonymous.cookies) == []
    assert "Log in to see your data" in page and 'href="/privacy/request/"' in page
