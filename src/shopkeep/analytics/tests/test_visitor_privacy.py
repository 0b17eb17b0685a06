"""Nothing in the database can tell who a visitor was (P-10)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from shopkeep.analytics import visitors
from shopkeep.analytics.models import ALL_MODELS, DayTotal
from shopkeep.analytics.recorder import PageView, recorder
from shopkeep.analytics.services import pageviews_flush
from shopkeep.analytics.tests.factories import (
    CHROME_WINDOWS, FIREFOX_MAC, SAFARI_IPHONE, UK_IP, US_IP, V6_IP, at, visit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shopkeep.analytics.tests.urls")]
HEX_RUN = re.compile(r"[0-9a-fA-F]{16,}")


def stored_values() -> list[str]:
    """Every value in every analytics table, as text."""
    values = []
    for model in ALL_MODELS:
        for row in model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]):
            values.extend(str(value) for value in row)
    return values


@pytest.mark.promise("P-10")
def test_after_a_burst_of_requests_no_ip_user_agent_or_visitor_hash_is_in_the_database(client):
    # given
    addresses = [UK_IP, US_IP, V6_IP, "203.0.113.9", "::ffff:81.2.69.160"]
    agents = [CHROME_WINDOWS, SAFARI_IPHONE, FIREFOX_MAC]
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    # when: a burst today, and the same visitors again the next day
    for n in range(60):
        visit(client, f"/p/product-{n % 7}/?email=bob%40example.com", ip=addresses[n % 5], user_agent=agents[n % 3],
              HTTP_REFERER="https://mail.example.net/inbox/bob?id=5")
        recorder.append(PageView(at(tomorrow, 9), "/page/", "", "", "testserver", addresses[n % 5], agents[n % 3], False))
    pageviews_flush()
    # then
    values = stored_values()
    assert sorted(DayTotal.objects.values_list("views", "visitors")) == [(60, 15), (60, 15)]
    keys = {visitors.visitor_key(day=day, ip=ip, user_agent=ua, site="testserver")
            for day in (today, tomorrow) for ip in addresses for ua in agents}
    for value in values:
        assert not any(address in value for address in addresses)
        assert not any(agent in value or value in agent and len(value) > 20 for agent in agents)
        assert "bob" not in value and "inbox" not in value
        assert not HEX_RUN.search(value)
        assert value not in keys


@pytest.mark.promise("P-10")
def test_the_same_visitor_gets_unrelated_keys_on_two_days():
    # given
    day = dt.date(2026, 5, 4)
    # when
    first = visitors.visitor_key(day=day, ip=UK_IP, user_agent=CHROME_WINDOWS, site="shop.example")
    again = visitors.visitor_key(day=day, ip=UK_IP, user_agent=CHROME_WINDOWS, site="shop.example")
    next_day = visitors.visitor_key(day=day + dt.timedelta(days=1), ip=UK_IP, user_agent=CHROME_WINDOWS, site="shop.example")
    # then
    assert first == again
    assert next_day != first
    assert visitors.daily_salt(day) != visitors.daily_salt(day + dt.timedelta(days=1))


@pytest.mark.promise("P-10")
def test_once_the_salt_is_gone_a_past_key_cannot_be_computed_again():
    # given
    day = dt.date(2026, 5, 4)
    key = visitors.visitor_key(day=day, ip=UK_IP, user_agent=CHROME_WINDOWS, site="shop.example")
    # when the day's salt expires
    cache.delete(visitors.SALT_KEY.format(day=day.isoformat()))
    # then
    assert visitors.visitor_key(day=day, ip=UK_IP, user_agent=CHROME_WINDOWS, site="shop.example") != key


@pytest.mark.promise("P-10")
def test_salt_and_visitor_keys_expire_when_their_day_ends():
    # given
    now = timezone.make_aware(dt.datetime(2026, 5, 4, 22, 30))
    # when / then
    assert visitors.seconds_left(dt.date(2026, 5, 4), now=now) == 90 * 60
    assert visitors.seconds_left(dt.date(2026, 5, 3), now=now) == visitors.MIN_TIMEOUT


@pytest.mark.promise("P-10")
def test_unique_visitors_are_counted_once_per_day_per_address_and_user_agent():
    # given
    day = dt.date(2026, 5, 4)
    views = [
        (day, UK_IP, CHROME_WINDOWS), (day, UK_IP, CHROME_WINDOWS), (day, UK_IP, CHROME_WINDOWS),
        (day, UK_IP, FIREFOX_MAC), (day, US_IP, CHROME_WINDOWS),
        (day + dt.timedelta(days=1), UK_IP, CHROME_WINDOWS), (day + dt.timedelta(days=1), UK_IP, CHROME_WINDOWS),
    ]
    # when: two flushes, so the second must recognise visitors of the first
    for n, (when, ip, agent) in enumerate(views):
        recorder.append(PageView(at(when, 10), "/page/", "", "", "shop.example", ip, agent, False))
        if n == 1:
            pageviews_flush()
    pageviews_flush()
    # then
    assert list(DayTotal.objects.values_list("day", "views", "visitors")) == [(day, 5, 3), (day + dt.timedelta(days=1), 2, 1)]
