"""Contest entries disappear when the contest is over (P-30, P-35): entries that did not win 30 days after the
draw, winners' entries 1 year after it, enforced by the retention runner on a frozen clock."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shopkeep.mailing.campaigns.contests import contest_draw
from shopkeep.mailing.campaigns.models import Contest, ContestEntry
from shopkeep.mailing.campaigns.tests.factories import contest_close, contest_entries_make, contest_make
from shopkeep.privacy.registry import declaration_for
from shopkeep.privacy.retention import retention_run

pytestmark = pytest.mark.django_db


def drawn_contest(*, entries: int, winners: int, drawn_at):
    contest = contest_make(winners_count=winners)
    contest_entries_make(contest, entries)
    contest_close(contest, days_ago=(timezone.now() - drawn_at).days + 1)
    return contest_draw(contest_id=contest.pk, now=drawn_at)


def counts(outcomes) -> dict[str, int]:
    return {o.key: o.count for o in outcomes if o.key.startswith("contest")}


@pytest.mark.promise("P-30")
def test_entries_that_did_not_win_go_30_days_after_the_draw_and_winners_after_a_year():
    # given a frozen clock and a contest drawn on it, with 2 winners among 5 entries
    now = timezone.now()
    drawn = now - timedelta(days=400)
    contest = drawn_contest(entries=5, winners=2, drawn_at=drawn)
    # when the runner runs just before and just after each period
    day_29 = counts(retention_run(now=drawn + timedelta(days=29, hours=23), apply=True))
    day_30 = counts(retention_run(now=drawn + timedelta(days=30, minutes=1), apply=True))
    left_after_30 = sorted(ContestEntry.objects.values_list("public_id", flat=True))
    day_364 = counts(retention_run(now=drawn + timedelta(days=364), apply=True))
    day_365 = counts(retention_run(now=drawn + timedelta(days=365, minutes=1), apply=True))
    # then
    assert day_29 == {"contest_entry": 0, "contest_winner": 0}
    assert day_30 == {"contest_entry": 3, "contest_winner": 0}
    assert left_after_30 == sorted(contest.winner_ids)
    assert day_364 == {"contest_entry": 0, "contest_winner": 0}
    assert day_365 == {"contest_entry": 0, "contest_winner": 2}
    assert ContestEntry.objects.count() == 0
    # and the published draw stays checkable: the ids and the seed are not personal data
    kept = Contest.objects.get(pk=contest.pk)
    assert (len(kept.entry_ids), kept.winner_ids, kept.published_seed) == (5, contest.winner_ids, contest.seed)


def test_entries_of_a_contest_not_yet_drawn_are_kept():
    # given
    contest = contest_make()
    contest_entries_make(contest, 2)
    # when
    outcome = counts(retention_run(now=timezone.now() + timedelta(days=3000), apply=True))
    # then
    assert outcome == {"contest_entry": 0, "contest_winner": 0}
    assert ContestEntry.objects.count() == 2


def test_the_periods_follow_the_settings(settings):
    # given a shop that keeps entries 10 days and winners 60 days
    settings.SHOPKEEP_CONTEST_ENTRY_RETENTION_DAYS = 10
    settings.SHOPKEEP_CONTEST_WINNER_RETENTION_DAYS = 60
    drawn = timezone.now() - timedelta(days=100)
    drawn_contest(entries=3, winners=1, drawn_at=drawn)
    # when
    day_11 = counts(retention_run(now=drawn + timedelta(days=11), apply=True))
    day_61 = counts(retention_run(now=drawn + timedelta(days=61), apply=True))
    # then
    assert (day_11, day_61) == ({"contest_entry": 2, "contest_winner": 0}, {"contest_entry": 0, "contest_winner": 1})


def test_the_retention_command_names_contest_entries():
    # given
    drawn_contest(entries=2, winners=1, drawn_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    # when
    call_command("retention", "--dry-run", stdout=out)
    # then
    assert "contest_entry: 1 contest entries that did not win (counted from the draw) would be erased" in out.getvalue()
    assert ContestEntry.objects.count() == 2


@pytest.mark.promise("P-30")
def test_the_data_map_declares_the_entries_with_purpose_and_retention_and_hides_addresses_from_marketing():
    # when
    declaration = declaration_for(ContestEntry)
    # then
    assert declaration.subject is None
    assert {name: (spec.purposes, spec.retention, spec.encrypted, spec.roles)
            for name, spec in declaration.personal.items()} == {
        "email": (("marketing.contest",), "contest_entry", True, ()),
        "email_index": (("marketing.contest",), "contest_entry", True, ()),
        "name": (("marketing.contest",), "contest_entry", True, ()),
        "answer": (("marketing.contest",), "contest_entry", True, ("marketing",)),
    }
