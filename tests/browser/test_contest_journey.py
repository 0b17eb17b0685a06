"""Contest journey in a real browser (P-30): the owner creates a contest in the back office, a visitor enters on a
390 px phone without subscribing to anything, and after closing the owner draws; the public page then shows the
seed and the winning entry id, and the published data recomputes the same winner."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.mailing.campaigns.draws import draw_verify
from shopkeep.mailing.campaigns.models import Contest, ContestEntry
from shopkeep.mailing.models import Subscription
from shopkeep.testing.browser import expect
from shopkeep.testing.staff import staff_browser_login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a long staff password 1"


@pytest.fixture
def owner(transactional_db, audit_log_emptied_after, settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    return staff_create(email="owner@shop.example", role=Role.OWNER, name="Olive", password=PASSWORD)[0]


def owner_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    page = context.new_page()
    staff_browser_login(page, live_server.url, email="owner@shop.example", password=PASSWORD,
                        next_url="/backoffice/campaigns/contests/new/")
    return context, page


@pytest.mark.promise("P-30")
def test_the_owner_runs_a_contest_a_visitor_enters_on_a_phone_and_the_draw_is_public(browser, page, live_server,
                                                                                       owner, screenshot):
    # given the owner creates a contest that is open now
    context, staff = owner_page(browser, live_server)
    now = timezone.localtime()
    staff.get_by_label("Title").fill("Win a year of socks")
    staff.get_by_label("Prize").fill("12 pairs of Harbour Stripe Socks")
    staff.get_by_label("Rules").fill("One winner, drawn at random among all entries.\n\n- Open to adults\n- "
                                     "The prize cannot be exchanged for cash")
    staff.get_by_label("Question for entrants").fill("Which colour should our next sock be?")
    staff.get_by_label("Opens").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("Closes").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label("Eligible countries").fill("GB, DE, FR")
    screenshot(staff, "contest-1-owner-creates")
    staff.get_by_role("button", name="Save").click()
    expect()(staff.get_by_role("heading", level=1)).to_have_text("Win a year of socks")
    contest = Contest.objects.get()
    screenshot(staff, "contest-2-owner-detail")

    # when a visitor enters on a 390 px phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("campaigns:contest", args=[contest.pk]))
    expect()(page.get_by_text(contest.commitment)).to_be_visible()
    expect()(page.get_by_label("Also send me the newsletter")).not_to_be_checked()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Name").fill("Grace")
    page.get_by_label("Which colour should our next sock be?").fill("Teal")
    page.get_by_label(re.compile("I am 18 or over")).check()
    screenshot(page, "contest-3-visitor-form-390")
    page.get_by_role("button", name="Enter the contest").click()
    expect()(page.get_by_role("heading", level=1)).to_have_text("You are in the draw")
    entry = ContestEntry.objects.get()
    expect()(page.get_by_text(entry.public_id)).to_be_visible()
    screenshot(page, "contest-4-visitor-entered-390")
    assert Subscription.objects.count() == 0

    # and after closing the owner draws
    Contest.objects.filter(pk=contest.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    staff.reload()
    staff.get_by_role("button", name="Draw the winners now").click()
    expect()(staff.get_by_text(re.compile("Drawn: 1 winning entry out of 1"))).to_be_visible()
    screenshot(staff, "contest-5-owner-drawn")

    # then the public page shows the seed and the winner, and the published data recomputes it
    contest.refresh_from_db()
    page.goto(live_server.url + reverse("campaigns:contest", args=[contest.pk]))
    expect()(page.get_by_text(contest.published_seed)).to_be_visible()
    expect()(page.locator(".entry-id").first).to_have_text(entry.public_id)
    page.get_by_text("How the winners are drawn, and how to check it").click()
    screenshot(page, "contest-6-public-draw-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "contest-7-public-draw-1280")
    assert draw_verify(commitment=contest.commitment, seed=contest.published_seed, entry_ids=contest.entry_ids,
                       winners_count=1, winner_ids=contest.winner_ids)
    assert contest.winner_ids == [entry.public_id]
    context.close()
