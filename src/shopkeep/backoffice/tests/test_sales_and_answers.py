"""The statistics page's sales (figures only, CSV with the same numbers) and the survey answers (P-30, P-36)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.customers.models import User
from shopkeep.mailing.campaigns.models import SurveyResponse
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login, staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.promise("P-36")
def test_marketing_sees_sales_figures_and_best_sellers_without_any_personal_data(client):
    # given
    order = order_place(email="ada@example.com")
    staff_login(client, Role.MARKETING)

    # when
    html = client.get(reverse("backoffice_sales:sales"), {"period": "week"}).content.decode()

    # then
    assert "Revenue" in html and "€58.95" in html and "Average order value" in html and "Refunds" in html
    assert "Best sellers by units" in html and "Product 0" in html and "<svg" in html
    assert "ada@example.com" not in html and order.number not in html and "12 St James" not in html
    assert not AuditEntry.objects.exists()


def test_the_sales_csv_has_the_same_numbers_as_the_page(client):
    # given
    order_place()
    staff_login(client, Role.BILLING)
    today = timezone.localdate()
    query = {"preset": "custom", "start": (today - dt.timedelta(days=2)).isoformat(), "end": today.isoformat()}

    # when
    series = list(csv.reader(io.StringIO(client.get(reverse("backoffice_sales:export", args=["sales"]), query)
                                         .content.decode())))
    units = list(csv.reader(io.StringIO(client.get(reverse("backoffice_sales:export", args=["best-units"]), query)
                                        .content.decode())))
    missing = client.get(reverse("backoffice_sales:export", args=["customers"]), query)

    # then
    assert series[0] == ["Day", "Orders", "Revenue (EUR)", "Refunds (EUR)", "Net (EUR)"]
    assert [row[1:] for row in series[1:]] == [["0", "0.00", "0.00", "0.00"]] * 2 + [["1", "58.95", "0.00", "58.95"]]
    assert units[1:] == [["Product 0", "2", "25.00"], ["Product 1", "1", "30.00"]]
    assert missing.status_code == 404


def test_survey_answers_are_listed_with_comments_and_name_a_person_only_if_linked_and_only_to_the_owner(client):
    # given: one anonymous answer and one the customer linked to their account
    customer = User.objects.create_user("lin@example.com", "a long customer password 1")
    SurveyResponse.objects.create(rating=4, comment="Socks arrived quickly", answered_on=timezone.localdate())
    SurveyResponse.objects.create(rating=2, comment="Box was crushed", answered_on=timezone.localdate(),
                                  customer=customer)
    marketing, owner = staff_user(Role.MARKETING), staff_user(Role.OWNER)

    # when
    staff_login(client, marketing)
    as_marketing = client.get(reverse("backoffice_sales:surveys")).content.decode()
    client.logout()
    staff_login(client, owner)
    as_owner = client.get(reverse("backoffice_sales:surveys")).content.decode()

    # then
    assert "Socks arrived quickly" in as_marketing and "Box was crushed" in as_marketing
    assert customer.customer_number not in as_marketing
    assert as_owner.count(customer.customer_number) == 1
    marketing_fields = AuditEntry.objects.get(staff=marketing).fields
    assert sorted(field.rsplit(".", 1)[1] for field in marketing_fields) == ["answered_on", "comment", "rating"]
    assert any(field.endswith(".customer") for field in AuditEntry.objects.get(staff=owner).fields)


def test_fulfilment_and_customer_service_cannot_open_sales_or_answers(client):
    # given
    staff_login(client, Role.FULFILMENT)

    # when / then
    assert client.get(reverse("backoffice_sales:sales")).status_code == 403
    assert client.get(reverse("backoffice_sales:surveys")).status_code == 403
