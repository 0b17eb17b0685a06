"""The statistics dashboard and its CSV exports: owner and marketing only, counts only."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.analytics.models import DayConversion, DayCountry, DayPath, DayTotal
from shopkeep.analytics.tests.factories import staff_create
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db
URL = "/backoffice/stats/"


def traffic(day: dt.date, *, views: int, visitors: int, paths: dict) -> None:
    DayTotal.objects.create(day=day, views=views, visitors=visitors, bot_views=3, private_views=1)
    for path, n in paths.items():
        DayPath.objects.create(day=day, path=path, views=n)


@pytest.mark.parametrize("role, superuser", [(Role.MARKETING, False), (Role.OWNER, False), (None, True)])
def test_owner_and_marketing_can_open_the_dashboard(client, role, superuser):
    # given
    staff_login(client, staff_create(role=role, is_superuser=superuser))
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200
    assert b"<svg" in response.content
    assert b"counted per day" in response.content


@pytest.mark.parametrize("role", [Role.BILLING, Role.CUSTOMER_SERVICE, Role.FULFILMENT])
def test_other_staff_roles_are_refused(client, role):
    # given
    staff_login(client, staff_create(role=role))
    # when / then
    assert client.get(URL).status_code == 403
    assert client.get(reverse("analytics:export", args=["pages"])).status_code == 403


def test_customers_are_refused_even_in_the_marketing_group(client):
    # given
    client.force_login(staff_create(role=Role.MARKETING, is_staff=False))
    # when / then
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('customers:login')}?next={URL}"


def test_totals_cover_only_the_chosen_period(client):
    # given
    today = timezone.localdate()
    traffic(today, views=100, visitors=40, paths={"/": 60, "/p/red-socks/": 39})
    traffic(today - dt.timedelta(days=6), views=50, visitors=20, paths={"/": 49})
    traffic(today - dt.timedelta(days=7), views=1000, visitors=999, paths={"/old/": 999})
    staff_login(client, staff_create(role=Role.MARKETING))
    # when
    response = client.get(URL, {"preset": "7"})
    # then
    totals = response.context["totals"]
    assert (totals.views, totals.visitors, totals.bot_views, totals.private_views, totals.days) == (150, 60, 6, 2, 7)
    assert response.context["breakdowns"][0]["table"].rows == [("/", 109), ("/p/red-socks/", 39)]


def test_a_custom_range_is_used_as_given(client):
    # given
    traffic(dt.date(2026, 1, 10), views=10, visitors=5, paths={"/": 9})
    traffic(dt.date(2026, 1, 12), views=20, visitors=8, paths={"/": 19})
    staff_login(client, staff_create(role=Role.MARKETING))
    # when
    response = client.get(URL, {"preset": "custom", "start": "2026-01-10", "end": "2026-01-11"})
    # then
    assert response.context["totals"].views == 10
    assert [row[:3] for row in response.context["days_table"].rows] == [(dt.date(2026, 1, 10), 10, 5), (dt.date(2026, 1, 11), 0, 0)]


def test_a_reversed_custom_range_is_explained_and_the_last_30_days_are_shown(client):
    # given
    staff_login(client, staff_create(role=Role.MARKETING))
    # when
    response = client.get(URL, {"preset": "custom", "start": "2026-02-10", "end": "2026-02-01"})
    # then
    assert response.status_code == 200
    assert b"The From date must not be after the To date." in response.content
    assert response.context["totals"].days == 30


def test_csv_export_lists_every_row_of_a_table(client):
    # given
    DayCountry.objects.create(day=dt.date(2026, 1, 10), country="DE", views=7)
    DayCountry.objects.create(day=dt.date(2026, 1, 11), country="DE", views=5)
    DayCountry.objects.create(day=dt.date(2026, 1, 11), country="--", views=2)
    staff_login(client, staff_create(role=Role.MARKETING))
    # when
    response = client.get(reverse("analytics:export", args=["countries"]),
                          {"preset": "custom", "start": "2026-01-10", "end": "2026-01-11"})
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="shopkeep-countries-2026-01-10-2026-01-11.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["Country", "Page views"], ["DE", "12"], ["Unknown", "2"],
    ]


def test_csv_export_of_days_and_conversions(client):
    # given
    traffic(dt.date(2026, 1, 10), views=10, visitors=5, paths={})
    DayConversion.objects.create(day=dt.date(2026, 1, 10), kind="order_placed", count=2)
    staff_login(client, staff_create(role=Role.OWNER))
    query = {"preset": "custom", "start": "2026-01-10", "end": "2026-01-10"}
    # when
    days = client.get(reverse("analytics:export", args=["days"]), query).content.decode().splitlines()
    conversions = client.get(reverse("analytics:export", args=["conversions"]), query).content.decode().splitlines()
    # then
    assert days == ["Day,Page views,Unique visitors (that day),Bot views,Private views (GPC/DNT)", "2026-01-10,10,5,3,1"]
    assert conversions == ["Day,Cart additions,Checkouts started,Orders placed", "2026-01-10,0,0,2"]


def test_csv_cells_cannot_start_a_spreadsheet_formula(client):
    # given
    DayPath.objects.create(day=timezone.localdate(), path="=HYPERLINK(1)", views=1)
    staff_login(client, staff_create(role=Role.MARKETING))
    # when
    response = client.get(reverse("analytics:export", args=["pages"]))
    # then
    assert response.content.decode().splitlines()[1] == "'=HYPERLINK(1),1"


def test_unknown_export_table_is_not_found(client):
    # given
    staff_login(client, staff_create(role=Role.MARKETING))
    # when / then
    assert client.get("/backoffice/stats/export/customers.csv").status_code == 404
