"""Invoices and packing slips equal the order: its totals and its VAT per rate, in HTML and in the PDF."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from shopkeep.orders.invoices import order_document, order_document_pdf
from shopkeep.orders.models import OrderTaxLine
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


def order_with_two_rates():
    order = order_place()
    # given: whatever the shop's settings, the order recorded VAT at two rates (as a mixed basket does)
    OrderTaxLine.objects.filter(order=order).delete()
    OrderTaxLine.objects.create(order=order, rate=Decimal("20.00"), amount=Decimal("5.66"))
    OrderTaxLine.objects.create(order=order, rate=Decimal("5.00"), amount=Decimal("1.43"))
    return order


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_invoice_states_the_orders_totals_and_each_vat_line():
    # given
    order = order_with_two_rates()

    # when
    text = pdf_text(order_document_pdf(order_document(order=order, kind="invoice",
                                                      address={"name": "Ada Lovelace", "line1": "12 St James's Square",
                                                               "city": "London", "postal_code": "SW1Y 4JH",
                                                               "country": "GB"})))

    # then
    assert f"Invoice INV-{order.number}" in text
    assert re.search(r"Total\s+58\.95 EUR", text)
    assert re.search(r"Subtotal\s+55\.00 EUR", text) and re.search(r"3\.95 EUR", text)
    assert re.search(r"incl\. VAT 20%\s+5\.66 EUR", text) and re.search(r"incl\. VAT 5%\s+1\.43 EUR", text)
    assert re.search(r"Total excl\. VAT\s+51\.86 EUR", text)
    assert "Ada Lovelace" in text


def test_the_html_invoice_states_the_orders_totals_and_each_vat_line_and_the_address_read_is_audited(client):
    # given
    order = order_with_two_rates()
    staff_login(client, Role.BILLING)

    # when
    html = client.get(reverse("backoffice_orders:invoice", args=[order.number])).content.decode()
    pdf = client.get(reverse("backoffice_orders:invoice_pdf", args=[order.number]))

    # then
    assert re.search(r'data-total="total">€58\.95<', html)
    assert re.search(r'data-vat="20\.00">€5\.66<', html) and re.search(r'data-vat="5\.00">€1\.43<', html)
    assert pdf["Content-Type"] == "application/pdf" and re.search(r"Total\s+58\.95 EUR", pdf_text(pdf.content))
    entry = AuditEntry.objects.filter(reason__startswith="invoice of order").first()
    assert entry is not None and "customers.Address.line1" in entry.fields


def test_the_packing_slip_lists_quantities_and_the_delivery_address_without_prices(client):
    # given
    order = order_place()
    staff_login(client, Role.FULFILMENT)

    # when
    html = client.get(reverse("backoffice_orders:packing_slip", args=[order.number])).content.decode()
    pdf = pdf_text(client.get(reverse("backoffice_orders:packing_slip_pdf", args=[order.number])).content)

    # then
    assert "Deliver to" in html and "12 St James" in html and "€" not in html
    assert "Packing slip" in pdf and "EUR" not in pdf
