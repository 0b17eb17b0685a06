"""Contests over the API (P-30): the same rules as the web form, JSON errors with a reason."""

import json

import pytest
from django.test import Client

from shopkeep.conf import conf
from shopkeep.mailing.campaigns.contests import contest_draw
from shopkeep.mailing.campaigns.models import ContestEntry
from shopkeep.mailing.campaigns.tests.factories import contest_close, contest_entries_make, contest_make
from shopkeep.mailing.models import EmailSend, Subscription

pytestmark = pytest.mark.django_db


def post(client: Client, contest_id: int, body: dict, **extra):
    return client.post(f"/api/v1/contests/{contest_id}/entries", data=json.dumps(body),
                       content_type="application/json", **extra)


ENTRY = {"email": "ada@example.com", "name": "Ada", "eligible": True}


def test_the_list_shows_public_contests_with_the_commitment_and_the_draw_data_only_once_drawn(client):
    # given
    running = contest_make(title="Running")
    drawn = contest_make(title="Drawn")
    contest_entries_make(drawn, 3)
    contest_close(drawn)
    contest_draw(contest_id=drawn.pk)
    contest_make(title="Not yet", opens_in_days=2)
    # when
    listed = {c["title"]: c for c in client.get("/api/v1/contests").json()}
    # then
    assert sorted(listed) == ["Drawn", "Running"]
    assert {key: listed["Running"][key] for key in ("id", "status", "commitment", "seed", "entry_ids", "winner_ids")} \
        == {"id": running.pk, "status": "open", "commitment": running.commitment, "seed": None, "entry_ids": None,
            "winner_ids": None}
    drawn.refresh_from_db()
    assert {key: listed["Drawn"][key] for key in ("status", "seed", "entry_ids", "winner_ids", "skipped_ids")} == {
        "status": "drawn", "seed": drawn.seed, "entry_ids": drawn.entry_ids, "winner_ids": drawn.winner_ids,
        "skipped_ids": []}
    assert listed["Running"]["url"] == conf.absolute_url(f"/contests/{running.pk}/")


@pytest.mark.promise("P-30")
def test_entering_by_api_answers_201_and_subscribes_no_one(client, mailoutbox):
    # given
    contest = contest_make()
    # when
    response = post(client, contest.pk, ENTRY)
    # then
    entry = ContestEntry.objects.get()
    assert response.status_code == 201
    assert response.json() == {"entry_id": entry.public_id, "contest_id": contest.pk,
                               "newsletter_confirmation_sent": False,
                               "detail": "Your entry is recorded; a confirmation with a link to withdraw it is on "
                                         "its way."}
    assert Subscription.objects.count() == 0
    assert list(EmailSend.objects.values_list("kind", flat=True)) == ["contest_entry"]


@pytest.mark.promise("P-30")
def test_the_newsletter_flag_only_starts_the_double_opt_in(client):
    # given
    contest = contest_make()
    # when
    response = post(client, contest.pk, {**ENTRY, "newsletter": True})
    # then
    assert response.status_code == 201 and response.json()["newsletter_confirmation_sent"] is True
    assert list(Subscription.objects.values_list("status", "source")) == [("pending", "contest")]


@pytest.mark.promise("P-30")
def test_a_duplicate_entry_is_409_with_the_reason_and_changes_nothing(client, mailoutbox):
    # given
    contest = contest_make()
    post(client, contest.pk, ENTRY)
    mailoutbox.clear()
    # when
    response = post(client, contest.pk, {**ENTRY, "email": "Ada@EXAMPLE.com"})
    # then
    assert response.status_code == 409
    assert response.json() == {"detail": "This email address has already entered this contest; each address may "
                                         "enter once.", "errors": {}}
    assert (ContestEntry.objects.count(), mailoutbox) == (1, [])


@pytest.mark.parametrize(("body", "errors"), [
    ({**ENTRY, "eligible": False},
     {"eligible": "Please confirm that you meet the conditions to enter (age and country)."}),
    ({**ENTRY, "email": "nope"}, {"email": "Enter a valid email address: we use it only to tell you if you win."}),
    ({"email": "ada@example.com"}, {"eligible": "This field is required."}),
    ({**ENTRY, "eligible": "yes"}, {"eligible": "Must be true or false."}),
    ({**ENTRY, "extra": 1}, {"extra": "Unknown field."}),
])
def test_invalid_entries_are_422_with_field_messages(client, body, errors):
    # given
    contest = contest_make()
    # when
    response = post(client, contest.pk, body)
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert ContestEntry.objects.count() == 0


def test_a_closed_or_unknown_contest_is_refused(client):
    # given
    closed = contest_close(contest_make())
    later = contest_make(opens_in_days=2)
    # when
    responses = [post(client, closed.pk, ENTRY), post(client, later.pk, ENTRY), post(client, 999, ENTRY)]
    # then
    assert [(r.status_code, r.json()["detail"]) for r in responses] == [
        (409, "This contest is not open for entries."), (404, "There is no contest with this id."),
        (404, "There is no contest with this id.")]
    assert ContestEntry.objects.count() == 0


def test_more_than_ten_attempts_an_hour_from_one_ip_are_429_with_a_reason(client):
    # given
    contest = contest_make()
    statuses = [post(client, contest.pk, {**ENTRY, "email": f"p{n}@example.com"}).status_code for n in range(10)]
    # when
    refused = post(client, contest.pk, {**ENTRY, "email": "late@example.com"})
    other_ip = post(client, contest.pk, {**ENTRY, "email": "elsewhere@example.com"}, REMOTE_ADDR="10.9.8.7")
    # then
    assert statuses == [201] * 10
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many entries were sent from your connection in the last hour. "
                                        "Please try again later.", "errors": {}}
    assert other_ip.status_code == 201
    assert ContestEntry.objects.count() == 11
