"""What the middleware records: storefront HTML page views, reduced to non-identifying dimensions."""

import datetime as dt

import pytest
from django.utils import timezone

from shopkeep.analytics.models import (
    DayBrowser, DayCountry, DayDevice, DayHour, DayPath, DayPlatform, DayReferrer, DayTotal,
)
from shopkeep.analytics.recorder import recorder
from shopkeep.analytics.services import pageviews_flush
from shopkeep.analytics.tests.factories import (
    FIREFOX_MAC, GOOGLEBOT, SAFARI_IPHONE, UK_IP, US_IP, visit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shopkeep.analytics.tests.urls")]


def dimension(model) -> dict:
    return dict(model.objects.values_list(model.dimension, "views"))


@pytest.mark.promise("P-10")
def test_page_view_is_counted_by_page_referring_domain_country_browser_platform_device_and_hour(client):
    # given
    before = timezone.localtime()
    # when
    visit(client, "/page/", ip=UK_IP, user_agent=SAFARI_IPHONE,
          HTTP_REFERER="https://www.google.com/search?q=bob%40example.com")
    pageviews_flush()
    # then
    total = DayTotal.objects.get()
    assert (total.day, total.views, total.visitors, total.bot_views, total.private_views) == (before.date(), 1, 1, 0, 0)
    assert dimension(DayPath) == {"/page/": 1}
    assert dimension(DayReferrer) == {"google.com": 1}
    assert dimension(DayCountry) == {"GB": 1}
    assert dimension(DayBrowser) == {"Mobile Safari": 1}
    assert dimension(DayPlatform) == {"iOS": 1}
    assert dimension(DayDevice) == {"mobile": 1}
    assert set(dimension(DayHour)) <= {before.hour, (before.hour + 1) % 24}


@pytest.mark.promise("P-10")
def test_query_string_is_dropped_except_campaign_parameters(client):
    # when
    visit(client, "/page/?email=bob%40example.com&utm_source=Newsletter&q=red+socks&utm_medium=email&sort=price")
    visit(client, "/page/?utm_source=bob%40example.com&token=abc")
    pageviews_flush()
    # then
    assert dimension(DayPath) == {"/page/?utm_medium=email&utm_source=newsletter": 1, "/page/": 1}


@pytest.mark.promise("P-10")
def test_links_from_the_shop_itself_and_direct_visits_have_no_referrer(client):
    # when
    visit(client, "/page/", HTTP_REFERER="http://testserver/p/red-socks/?cart=secret")
    visit(client, "/page/")
    visit(client, "/page/", HTTP_REFERER="https://news.example.org/a/very/private/path?id=7")
    pageviews_flush()
    # then
    assert dimension(DayReferrer) == {"(none)": 2, "news.example.org": 1}


@pytest.mark.promise("P-10")
def test_pages_whose_address_carries_a_token_are_recorded_by_their_route(client):
    # when
    visit(client, "/checkout/confirmation/SK-1234567.abcdefSIGNATURE/")
    visit(client, "/p/red-socks/")
    pageviews_flush()
    # then
    assert dimension(DayPath) == {"/checkout/confirmation/<str:token>/": 1, "/p/red-socks/": 1}


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/page/"), ("head", "/page/"), ("get", "/redirect/"), ("get", "/data/"), ("get", "/missing/"),
        ("get", "/api/v1/thing/"), ("get", "/backoffice/thing/"), ("get", "/healthz"), ("get", "/static/page.html"),
    ],
)
def test_only_successful_html_get_requests_for_storefront_pages_are_recorded(client, method, path):
    # when
    getattr(client, method)(path, REMOTE_ADDR=UK_IP, HTTP_USER_AGENT=FIREFOX_MAC, HTTP_SEC_FETCH_SITE="same-origin")
    # then
    assert recorder.events == []


def test_prefetch_requests_are_not_page_views(client):
    # when
    visit(client, "/page/", HTTP_SEC_PURPOSE="prefetch")
    # then
    assert recorder.events == []


@pytest.mark.promise("P-10")
def test_bots_are_counted_apart_from_page_views(client):
    # when
    visit(client, "/page/", user_agent=GOOGLEBOT)
    visit(client, "/page/", user_agent="curl/8.5.0")
    visit(client, "/page/", user_agent="")
    visit(client, "/page/", user_agent=FIREFOX_MAC)
    pageviews_flush()
    # then
    total = DayTotal.objects.get()
    assert (total.views, total.bot_views, total.visitors) == (1, 3, 1)
    assert dimension(DayBrowser) == {"Firefox": 1}
    assert dimension(DayPath) == {"/page/": 1}


@pytest.mark.promise("P-12")
@pytest.mark.parametrize("header", [{"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}])
def test_global_privacy_control_and_do_not_track_visits_count_only_as_page_views(client, header):
    # when
    visit(client, "/page/?utm_source=newsletter", ip=US_IP, HTTP_REFERER="https://google.com/", **header)
    # then the buffer never held the address or the user agent
    assert [(e.ip, e.user_agent, e.referrer, e.query) for e in recorder.events] == [("", "", "", "")]
    pageviews_flush()
    total = DayTotal.objects.get()
    assert (total.views, total.private_views, total.visitors, total.bot_views) == (1, 1, 0, 0)
    for model in (DayPath, DayReferrer, DayCountry, DayBrowser, DayPlatform, DayDevice, DayHour):
        assert model.objects.count() == 0


@pytest.mark.promise("P-06")
@pytest.mark.promise("P-10")
def test_recording_a_page_view_sets_no_cookie_and_does_not_touch_the_database(client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = visit(client, "/page/")
    # then
    assert response.cookies == {}
    assert len(recorder.events) == 1


def test_flush_after_the_cache_was_cleared_still_counts(client):
    # given
    from django.core.cache import cache

    visit(client, "/page/")
    cache.clear()
    visit(client, "/page/")
    # when
    pageviews_flush()
    # then
    assert DayTotal.objects.get().views == 2


def test_a_flush_with_nothing_buffered_writes_nothing():
    # when
    rollup = pageviews_flush()
    # then
    assert not rollup
    assert DayTotal.objects.count() == 0


@pytest.mark.urls("shopkeep.urls")
def test_the_real_storefront_home_page_is_recorded(client):
    # when
    response = visit(client, "/")
    # then
    assert response.status_code == 200
    assert [e.path for e in recorder.events] == ["/"]


def test_views_are_filed_under_the_day_they_happened():
    # given
    from shopkeep.analytics.recorder import PageView
    from shopkeep.analytics.tests.factories import at

    day = dt.date(2026, 3, 1)
    recorder.append(PageView(at(day, 23), "/page/", "", "", "testserver", UK_IP, FIREFOX_MAC, False))
    recorder.append(PageView(at(day + dt.timedelta(days=1), 0), "/page/", "", "", "testserver", UK_IP, FIREFOX_MAC, False))
    # when
    pageviews_flush()
    # then
    assert list(DayTotal.objects.values_list("day", "views")) == [(day, 1), (day + dt.timedelta(days=1), 1)]
    assert sorted(DayHour.objects.values_list("day", "hour")) == [(day, 23), (day + dt.timedelta(days=1), 0)]
