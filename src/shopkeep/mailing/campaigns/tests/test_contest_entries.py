"""Entering a contest (P-30): free, one entry per address, never a subscription; entries kept apart and
withdrawable with the link in the confirmation email."""

import re

import pytest
from django.db import connection

from shopkeep.mailing.campaigns.contests import ContestError, contest_enter
from shopkeep.mailing.campaigns.models import Contest, ContestEntry
from shopkeep.mailing.campaigns.tests.factories import contest_close, contest_make
from shopkeep.mailing.models import EmailSend, Subscription
from shopkeep.privacy.crypto import blind_index

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def entry_form(**overrides) -> dict:
    return {"email": "ada@example.com", "name": "Ada", "eligible": "on", **overrides}


def withdraw_link(message) -> str:
    return re.search(r"http://[^/\s]+(/contests/withdraw/[^\s]+/)", message.body).group(1)


@pytest.mark.promise("P-30", clause="contests opt-in")
def test_entering_without_the_newsletter_box_subscribes_no_one_and_sends_only_the_confirmation(client,
                                                                                              mailoutbox):
    # given
    contest = contest_make()
    page = client.get(f"/contests/{contest.pk}/").content.decode()
    # when
    response = client.post(f"/contests/{contest.pk}/", entry_form(), **SAME_ORIGIN)
    # then
    assert ('<input type="checkbox" name="newsletter" id="id_newsletter" '
            'aria-describedby="id_newsletter_helptext">') in page
    assert response.status_code == 200
    entry = ContestEntry.objects.get()
    assert f"Your entry id is <strong class=\"entry-id\">{entry.public_id}</strong>" in response.content.decode()
    assert Subscription.objects.count() == 0
    assert [(m.to, m.subject) for m in mailoutbox] == [(["ada@example.com"], "Your entry to Win a year of socks")]
    assert list(EmailSend.objects.values_list("kind", flat=True)) == ["contest_entry"]
    assert "Entering did not subscribe you to anything." in mailoutbox[0].body
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


@pytest.mark.promise("P-30")
def test_the_newsletter_box_only_starts_the_double_opt_in(client, mailoutbox):
    # given
    contest = contest_make()
    # when
    client.post(f"/contests/{contest.pk}/", entry_form(newsletter="on"), **SAME_ORIGIN)
    # then
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.source, subscription.confirmed_at) == ("pending", "contest", None)
    assert sorted(EmailSend.objects.values_list("kind", flat=True)) == ["contest_entry", "newsletter_confirmation"]
    assert "You are NOT subscribed yet." in [m for m in mailoutbox if "confirm" in m.subject][0].body


@pytest.mark.promise("P-30")
def test_a_second_entry_from_the_same_address_in_any_case_is_refused_with_a_sentence(client, mailoutbox):
    # given
    contest = contest_make()
    client.post(f"/contests/{contest.pk}/", entry_form(), **SAME_ORIGIN)
    first = ContestEntry.objects.get()
    mailoutbox.clear()
    # when
    again = client.post(f"/contests/{contest.pk}/", entry_form(email="  ADA@Example.COM ", newsletter="on"),
                        **SAME_ORIGIN)
    # then
    assert again.status_code == 409
    assert "This email address has already entered this contest; each address may enter once." in \
        again.content.decode()
    assert list(ContestEntry.objects.values_list("pk", "public_id")) == [(first.pk, first.public_id)]
    assert (mailoutbox, Subscription.objects.count()) == ([], 0)


@pytest.mark.promise("P-30")
def test_withdrawing_with_the_emailed_link_deletes_the_entry(client, mailoutbox):
    # given
    contest = contest_make(question="Which colour should our next sock be?")
    client.post(f"/contests/{contest.pk}/", entry_form(answer="Teal"), **SAME_ORIGIN)
    link = withdraw_link(mailoutbox[0])
    # when
    confirm_page = client.get(link)
    still_there = ContestEntry.objects.count()
    withdrawn = client.post(link, **SAME_ORIGIN)
    again = client.post(link, **SAME_ORIGIN)
    # then
    assert (confirm_page.status_code, still_there) == (200, 1)
    assert "Delete my entry" in confirm_page.content.decode()
    assert withdrawn.status_code == 200
    assert "Your entry is deleted" in withdrawn.content.decode()
    assert ContestEntry.objects.count() == 0
    assert again.status_code == 404
    assert Contest.objects.filter(pk=contest.pk).exists()


def test_opening_the_withdraw_link_alone_deletes_nothing(client, mailoutbox):
    # given
    contest = contest_make()
    client.post(f"/contests/{contest.pk}/", entry_form(), **SAME_ORIGIN)
    # when
    client.get(withdraw_link(mailoutbox[0]))
    forged = client.post("/contests/withdraw/not-a-real-token/", **SAME_ORIGIN)
    # then
    assert ContestEntry.objects.count() == 1
    assert forged.status_code == 404


@pytest.mark.promise("P-30", clause="kept apart")
def test_an_entry_is_kept_apart_linked_to_no_account_or_order_with_its_email_encrypted(client):
    # given
    contest = contest_make(question="Favourite sock?")
    # when
    client.post(f"/contests/{contest.pk}/", entry_form(answer="Stripes"), **SAME_ORIGIN)
    # then
    relations = {f.name: f.related_model._meta.label for f in ContestEntry._meta.get_fields()
                 if f.is_relation and f.concrete}
    assert relations == {"contest": "campaigns.Contest"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT email, email_index, name, answer FROM {ContestEntry._meta.db_table}")
        stored = cursor.fetchone()
    assert "ada@example.com" not in " ".join(stored) and "Stripes" not in stored[3] and "Ada" not in stored[2]
    assert stored[1] == blind_index("ADA@example.com")
    entry = ContestEntry.objects.get()
    assert (entry.email, entry.name, entry.answer) == ("ada@example.com", "Ada", "Stripes")


@pytest.mark.parametrize(("form", "field_message"), [
    (entry_form(email="not-an-email", answer="Stripes"),
     "Enter a valid email address: we use it only to tell you if you win."),
    (entry_form(eligible="", answer="Stripes"),
     "Please confirm that you meet the conditions to enter (age and country)."),
    (entry_form(answer=""), "Please answer the contest question."),
])
def test_an_invalid_entry_is_refused_with_the_reason_and_nothing_is_stored(client, mailoutbox, form, field_message):
    # given
    contest = contest_make(question="Favourite sock?")
    # when
    response = client.post(f"/contests/{contest.pk}/", form, **SAME_ORIGIN)
    # then
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert (ContestEntry.objects.count(), mailoutbox) == (0, [])


def test_a_closed_or_not_yet_open_contest_takes_no_entries(client, mailoutbox):
    # given
    closed = contest_close(contest_make(title="Closed"))
    later = contest_make(title="Later", opens_in_days=2)
    # when
    posted = client.post(f"/contests/{closed.pk}/", entry_form(), **SAME_ORIGIN)
    hidden = client.get(f"/contests/{later.pk}/")
    # then
    assert posted.status_code == 409
    assert "Entries closed on" in posted.content.decode()
    assert hidden.status_code == 404
    with pytest.raises(ContestError, match="This contest is not open for entries."):
        contest_enter(contest=closed, email="b@example.com", eligible=True, newsletter=False, client_ip="10.0.0.1")
    assert (ContestEntry.objects.count(), mailoutbox) == (0, [])


def test_more_than_ten_entry_attempts_an_hour_from_one_ip_are_refused(client, mailoutbox):
    # given
    contest = contest_make()
    for n in range(10):
        client.post(f"/contests/{contest.pk}/", entry_form(email=f"p{n}@example.com"), **SAME_ORIGIN)
    # when
    eleventh = client.post(f"/contests/{contest.pk}/", entry_form(email="late@example.com"), **SAME_ORIGIN)
    # then
    assert eleventh.status_code == 429
    assert "Too many entries were sent from your connection in the last hour." in eleventh.content.decode()
    assert ContestEntry.objects.count() == 10


def test_the_contest_page_shows_the_commitment_but_never_the_seed_before_the_draw(client):
    # given
    contest = contest_make()
    # when
    page = client.get(f"/contests/{contest.pk}/").content.decode()
    listing = client.get("/contests/").content.decode()
    # then
    assert contest.commitment in page
    assert contest.seed not in page and contest.seed not in listing
    assert "HMAC-SHA256 with the seed as key and the entry id as message" in page
    assert "No purchase necessary." in page


def test_a_cross_site_entry_is_refused(client):
    # given
    contest = contest_make()
    # when
    response = client.post(f"/contests/{contest.pk}/", entry_form(), HTTP_SEC_FETCH_SITE="cross-site")
    # then
    assert response.status_code == 403
    assert ContestEntry.objects.count() == 0
