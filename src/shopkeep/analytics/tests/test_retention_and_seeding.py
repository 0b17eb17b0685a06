"""Roll-ups are kept 25 months; demo traffic can be seeded quickly and adds up."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum

from shopkeep.analytics.models import DIMENSION_MODELS, DayConversion, DayPath, DayTotal
from shopkeep.analytics.services import conversion_record, pageviews_flush
from shopkeep.privacy.retention import months_before, retention_run
from shopkeep.upkeep.jobs import upkeep_run_job

pytestmark = pytest.mark.django_db


def _retention_apply(today: dt.date) -> int:
    """The daily retention runner (the `retention` upkeep job) at noon on `today`: roll-up rows it deleted."""
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    return sum(outcome.count for outcome in retention_run(now=noon, apply=True) if outcome.key == "statistics")


def test_roll_ups_older_than_25_months_are_pruned_by_the_retention_runner():
    # given
    today = dt.date(2026, 6, 15)
    for day in (dt.date(2024, 5, 14), dt.date(2024, 5, 15), today):
        DayTotal.objects.create(day=day, views=1)
        DayPath.objects.create(day=day, path="/", views=1)
    # when
    deleted = _retention_apply(today)
    # then
    assert deleted == 2
    assert list(DayTotal.objects.values_list("day", flat=True)) == [dt.date(2024, 5, 15), today]
    assert list(DayPath.objects.values_list("day", flat=True)) == [dt.date(2024, 5, 15), today]


def test_the_retention_period_is_a_setting(settings):
    # given
    settings.SHOPKEEP_ANALYTICS_RETENTION_MONTHS = 1
    DayTotal.objects.create(day=dt.date(2026, 5, 14), views=1)
    DayTotal.objects.create(day=dt.date(2026, 5, 15), views=1)
    # when
    deleted = _retention_apply(dt.date(2026, 6, 15))
    # then
    assert deleted == 1
    assert list(DayTotal.objects.values_list("day", flat=True)) == [dt.date(2026, 5, 15)]


def test_the_retention_upkeep_job_removes_expired_roll_ups():
    # given
    DayTotal.objects.create(day=dt.date(2000, 1, 1), views=1)
    # when
    outcome = upkeep_run_job("retention")
    # then
    assert "1 daily statistics: " in outcome
    assert DayTotal.objects.count() == 0


@pytest.mark.parametrize(
    "day, months, expected",
    [(dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)), (dt.date(2026, 1, 15), 25, dt.date(2023, 12, 15)),
     (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28))],
)
def test_months_before_clamps_to_the_end_of_the_month(day, months, expected):
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    assert months_before(moment, months).date() == expected


def test_conversions_are_counted_per_day_without_anything_else():
    # given
    conversion_record("cart_add")
    conversion_record("cart_add")
    conversion_record("checkout_start")
    conversion_record("order_placed")
    # when
    pageviews_flush()
    # then
    assert sorted(DayConversion.objects.values_list("kind", "count")) == [
        ("cart_add", 2), ("checkout_start", 1), ("order_placed", 1),
    ]
    assert DayTotal.objects.count() == 0


def test_an_unknown_conversion_kind_is_refused():
    # when / then
    with pytest.raises(ValueError, match="Unknown conversion kind 'signup'"):
        conversion_record("signup")
    pageviews_flush()
    assert DayConversion.objects.count() == 0


def test_seed_traffic_writes_exactly_the_asked_page_views_and_replaces_earlier_seeds():
    # given
    call_command("seed_traffic", days=10, views=5, end=dt.date(2026, 1, 10))
    # when
    call_command("seed_traffic", days=10, views=123_456, end=dt.date(2026, 1, 10), seed=7)
    # then
    assert DayTotal.objects.count() == 10
    assert DayTotal.objects.aggregate(n=Sum("views"))["n"] == 123_456
    for total in DayTotal.objects.all():
        counted = total.views - total.private_views
        for model in DIMENSION_MODELS.values():
            assert model.objects.filter(day=total.day).aggregate(n=Sum("views"))["n"] == counted
        assert 0 < total.visitors < counted
    assert DayConversion.objects.filter(kind="order_placed").aggregate(n=Sum("count"))["n"] > 0
