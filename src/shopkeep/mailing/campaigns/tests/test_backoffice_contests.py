"""Back-office contest screens: owner and marketing create and draw contests; marketing sees counts and answers,
never an entrant's address (P-30, P-36); reading answers is audited (P-37)."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.mailing.campaigns.models import Contest, ContestEntry
from shopkeep.mailing.campaigns.tests.factories import contest_close, contest_entries_make, contest_make
from shopkeep.privacy.models import AuditEntry
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff password for tests"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class Everything(HTMLParser):
    """Every piece of text and every attribute value of a page: where an address could show."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts.extend(value for _, value in attrs if value)

    def handle_data(self, data):
        self.parts.append(data)


def addresses_in(html: str) -> list[str]:
    parser = Everything()
    parser.feed(html)
    return [match.group(0) for part in parser.parts for match in EMAIL.finditer(part)]


def staff(role: str, name: str = ""):
    return staff_create(email=f"{role}@shop.example", role=role, name=name, password=PASSWORD)[0]


@pytest.fixture
def marketing(client):
    user = staff(Role.MARKETING, name="Mia Marketing")
    staff_login(client, user)
    return user


def form(**overrides) -> dict:
    now = timezone.localtime()
    return {"title": "Spring giveaway", "prize": "A pair of walking boots", "rules": "One **winner**.",
            "question": "Where would you walk?", "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M"), "eligible_countries": "de, fr",
            "minimum_age": "18", "winners_count": "1", **overrides}


@pytest.mark.promise("P-30")
def test_no_contest_screen_shows_marketing_an_email_address(client, marketing):
    # given contests in every state, with entries and answers
    scheduled = contest_make(title="Later", opens_in_days=3)
    running = contest_make(title="Running", question="Favourite colour?")
    contest_entries_make(running, 3, prefix="open", answer="Teal")
    contest_entries_make(running, 1, prefix="chatty", answer="Teal, and write to me at chatty@example.org")
    drawn = contest_make(title="Drawn", question="Favourite colour?", winners_count=2)
    contest_entries_make(drawn, 4, prefix="drawn", answer=" teal ")
    contest_close(drawn)
    # when marketing opens every contest screen, draws one, and opens them again
    urls = ["/backoffice/campaigns/contests/", "/backoffice/campaigns/contests/new/",
            f"/backoffice/campaigns/contests/{scheduled.pk}/", f"/backoffice/campaigns/contests/{scheduled.pk}/edit/",
            f"/backoffice/campaigns/contests/{running.pk}/", f"/backoffice/campaigns/contests/{drawn.pk}/"]
    before = [client.get(url) for url in urls]
    after_draw = client.post(f"/backoffice/campaigns/contests/{drawn.pk}/draw/", follow=True)
    after = [client.get(url) for url in urls]
    # then every screen answered and none holds an address, in its text or its attributes
    assert [r.status_code for r in before + [after_draw] + after] == [200] * (2 * len(urls) + 1)
    assert [addresses_in(r.content.decode()) for r in before + [after_draw] + after] == [[]] * (2 * len(urls) + 1)
    detail = after[-1].content.decode()
    assert "<dt>Entries</dt><dd>4</dd>" in detail
    assert "<dt>Winners drawn</dt><dd>2 of 2</dd>" in detail
    assert "<tr><td>teal</td><td class=\"num\">4</td></tr>" in detail
    assert "Only the owner sees the winners' contact details." in detail
    assert "<tr><td>Teal, and write to me at [address hidden]</td><td class=\"num\">1</td></tr>" in \
        after[4].content.decode()


def test_the_owner_sees_the_winners_contact_details_and_the_access_is_audited(client):
    # given
    owner = staff(Role.OWNER, name="Olive Owner")
    staff_login(client, owner)
    contest = contest_make(winners_count=1)
    contest_entries_make(contest, 1, prefix="lucky")
    contest_close(contest)
    client.post(f"/backoffice/campaigns/contests/{contest.pk}/draw/")
    # when
    page = client.get(f"/backoffice/campaigns/contests/{contest.pk}/").content.decode()
    # then
    assert addresses_in(page) == ["lucky0@example.com"]
    entry = AuditEntry.objects.get(subject_ref=f"contest {contest.pk} winners")
    assert (entry.fields, entry.reason) == (["campaigns.ContestEntry.email", "campaigns.ContestEntry.name"],
                                            "contacting the contest's winners about their prize")


def test_reading_the_answers_is_written_to_the_audit_log(client, marketing):
    # given
    contest = contest_make(question="Favourite colour?")
    contest_entries_make(contest, 2, answer="Red")
    # when
    client.get(f"/backoffice/campaigns/contests/{contest.pk}/")
    # then
    entry = AuditEntry.objects.get()
    assert (entry.staff_id, entry.role, entry.subject_ref, entry.fields) == (
        marketing.pk, "marketing", f"contest {contest.pk} entrants", ["campaigns.ContestEntry.answer"])


def test_marketing_creates_a_contest_with_a_committed_seed_it_cannot_read(client, marketing):
    # when
    created = client.post("/backoffice/campaigns/contests/new/", form())
    # then
    contest = Contest.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/backoffice/campaigns/contests/{contest.pk}/"
    assert (contest.title, contest.eligible_countries, contest.created_by_id) == ("Spring giveaway", "DE, FR",
                                                                                   marketing.pk)
    page = client.get(created["Location"]).content.decode()
    assert contest.commitment in page and contest.seed not in page


def test_a_bad_contest_is_refused_with_the_reason_and_nothing_is_created(client, marketing):
    # when
    response = client.post("/backoffice/campaigns/contests/new/", form(eligible_countries="Germany"))
    backwards = client.post("/backoffice/campaigns/contests/new/",
                            form(closes_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M")))
    # then
    assert response.status_code == 400
    assert "List countries as two-letter codes separated by commas, such as DE, FR, AT." in response.content.decode()
    assert "The closing time must be after the opening time." in backwards.content.decode()
    assert Contest.objects.count() == 0


def test_an_open_contest_cannot_be_edited(client, marketing):
    # given
    contest = contest_make(title="Running")
    # when
    response = client.post(f"/backoffice/campaigns/contests/{contest.pk}/edit/", form(title="Changed"), follow=True)
    # then
    assert "A contest cannot be changed once it has opened: entrants agreed to these rules." in \
        response.content.decode()
    assert Contest.objects.get(pk=contest.pk).title == "Running"


@pytest.mark.promise("P-30")
def test_the_draw_button_refuses_before_closing_and_a_second_time(client, marketing, mailoutbox):
    # given
    contest = contest_make()
    contest_entries_make(contest, 2)
    # when
    early = client.post(f"/backoffice/campaigns/contests/{contest.pk}/draw/", follow=True).content.decode()
    contest_close(contest)
    client.post(f"/backoffice/campaigns/contests/{contest.pk}/draw/")
    drawn = Contest.objects.get(pk=contest.pk)
    second = client.post(f"/backoffice/campaigns/contests/{contest.pk}/draw/", follow=True).content.decode()
    # then
    assert "the draw can run only after closing." in early
    assert "a contest is drawn only once." in second
    assert Contest.objects.get(pk=contest.pk).winner_ids == drawn.winner_ids
    assert (len(drawn.winner_ids), len(mailoutbox)) == (1, 1)


@pytest.mark.parametrize("role", [Role.BILLING, Role.CUSTOMER_SERVICE, Role.FULFILMENT])
def test_other_staff_roles_cannot_open_or_draw_contests(client, role):
    # given
    staff_login(client, staff(role))
    contest = contest_close(contest_make())
    contest_entries_make(contest, 1)
    # when
    listing = client.get("/backoffice/campaigns/contests/")
    drawing = client.post(f"/backoffice/campaigns/contests/{contest.pk}/draw/")
    # then
    assert (listing.status_code, drawing.status_code) == (403, 403)
    assert Contest.objects.get(pk=contest.pk).drawn_at is None
    assert ContestEntry.objects.get().status == "entered"
