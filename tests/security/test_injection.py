"""Injection payloads typed into text fields come out escaped in pages and emails and as text in CSV exports."""

import csv
import io

import pytest
from django.core import mail

from shopkeep.catalog.transfer import catalog_export
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.customers.tests.factories import customer_create
from shopkeep.spreadsheet import cell_safe, row_safe
from shopkeep.support.models import Ticket
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", " =1", "＝1"]


def test_a_name_with_markup_is_escaped_on_the_account_page_and_in_the_staff_screens(client):
    customer = customer_create(email="ada@example.com", name=SCRIPT + IMG)
    client.force_login(customer)
    html = client.get("/account/").content.decode()
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;" in html


def test_a_support_request_with_markup_is_escaped_for_staff_and_in_the_email(client, settings):
    client.post("/help/contact/", {"email": "ada@example.com", "name": IMG, "message": SCRIPT * 2}, **SAME_ORIGIN)
    ticket = Ticket.objects.get()
    for message in mail.outbox:
        for content, kind in message.alternatives:
            assert SCRIPT not in content and IMG not in content
    staff = client.__class__()
    staff_login(staff, "customer_service")
    page = staff.get(f"/backoffice/support/{ticket.reference}/").content.decode()
    assert page and SCRIPT not in page and IMG not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(formula):
    assert cell_safe(formula).startswith("'")
    assert row_safe([formula, 3, "plain"]) == ["'" + formula, 3, "plain"]


def test_the_catalogue_export_neutralises_formulas_in_product_texts():
    variant_create(product=product_create(name='=HYPERLINK("http://evil.example","click")'), sku="EVIL-1",
                   price="1.00")
    rows = list(csv.reader(io.StringIO(catalog_export())))
    names = [row[1] for row in rows[1:]]
    assert names and all(not name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_statistics_export_neutralises_formulas(client):
    from django.utils import timezone

    from shopkeep.analytics.models import DayPath

    DayPath.objects.create(day=timezone.localdate(), path='=cmd|" /C calc"!A0', views=1)
    staff_login(client, "marketing")
    today = timezone.localdate().isoformat()
    body = client.get(f"/backoffice/stats/export/pages.csv?preset=custom&start={today}&end={today}").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert any(cell.startswith("'=cmd") for row in rows for cell in row)
    assert not any(cell.startswith("=") for row in rows for cell in row)
