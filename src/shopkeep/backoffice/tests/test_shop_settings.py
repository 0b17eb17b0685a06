"""Shop settings in the back office: the owner edits the identity, the page texts and product documents; no other
role or customer can, and a refused change changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.catalog.models import ProductDocument
from shopkeep.catalog.tests.factories import product_with_sizes
from shopkeep.customers.tests.factories import customer_create
from shopkeep.shop.models import ShopIdentity, ShopPage
from shopkeep.shop.services import identity_current
from shopkeep.storefront.management.commands._demo_documents import demo_pdf
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff password 1"
IDENTITY_FORM = {
    "legal_name": "Harbour Socks GmbH", "postal_address": "Hafenstraße 12\r\n20457 Hamburg\r\nGermany",
    "country": "de", "contact_email": "hallo@harbour-socks.de", "phone": "", "data_protection_contact": "",
    "vat_number": "DE123456789", "authority_name": "", "authority_url": "", "return_address": "",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}


def login(client, role: str):
    user, _ = staff_create(email=f"{role}@shop.example", role=role, password=PASSWORD)
    staff_login(client, user)
    return user


def requests(product):
    pdf = SimpleUploadedFile("chart.pdf", demo_pdf(title="Chart", lines=["x"]), content_type="application/pdf")
    return [
        ("get", reverse("backoffice_shop:home"), {}),
        ("get", reverse("backoffice_shop:identity"), {}),
        ("post", reverse("backoffice_shop:identity"), IDENTITY_FORM),
        ("get", reverse("backoffice_shop:page", args=["terms"]), {}),
        ("post", reverse("backoffice_shop:page", args=["terms"]), {"body": "Mine now."}),
        ("get", reverse("backoffice_shop:documents"), {}),
        ("post", reverse("backoffice_shop:documents"), {"product": product.pk, "title": "Chart", "kind": "size_chart",
                                                        "file": pdf}),
        ("post", reverse("backoffice_shop:document_delete", args=[1]), {}),
    ]


def test_the_owner_changes_the_identity_and_the_contact_page_shows_it_with_the_history_kept(client):
    # given
    owner = login(client, Role.OWNER)
    first = identity_current()

    # when
    response = client.post(reverse("backoffice_shop:identity"), IDENTITY_FORM)
    screen = client.get(reverse("backoffice_shop:identity")).content.decode()
    page = client.get("/contact/").content.decode()

    # then
    assert response.status_code == 302
    current = identity_current()
    assert (current.legal_name, current.country, current.changed_by) == ("Harbour Socks GmbH", "DE", owner)
    assert current.authority_name == "Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)"
    assert current.return_address == "Hafenstraße 12\n20457 Hamburg\nGermany"
    assert ShopIdentity.objects.count() == 2 and ShopIdentity.objects.filter(pk=first.pk).exists()
    assert "Harbour Socks GmbH" in page and "Hafenstraße 12<br>20457 Hamburg<br>Germany" in page
    assert screen.count("<td>Harbour Socks GmbH</td>") == 1 and "<td>shopkeep demo shop</td>" in screen
    assert "(current)" in screen and "initial settings" in screen


def test_a_bad_identity_is_refused_with_a_sentence_and_nothing_changes(client):
    # given
    login(client, Role.OWNER)
    before = identity_current()

    # when
    response = client.post(reverse("backoffice_shop:identity"), {**IDENTITY_FORM, "country": "Germany",
                                                                 "contact_email": "not an address"})

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the two-letter country code, e.g. IE, DE or GB." in html
    assert "Enter a valid email address." in html
    assert list(ShopIdentity.objects.values_list("pk", flat=True)) == [before.pk]


def test_the_owner_edits_a_page_text_and_the_shop_shows_it(client):
    # given
    owner = login(client, Role.OWNER)

    # when
    client.post(reverse("backoffice_shop:page", args=["shipping-returns"]),
                {"body": "# Our promise\r\nFree returns, **always**."})
    page = client.get("/shipping-and-returns/").content.decode()

    # then
    saved = ShopPage.objects.get()
    assert (saved.key, saved.body, saved.changed_by) == ("shipping-returns", "# Our promise\nFree returns, **always**.",
                                                          owner)
    assert "<h2>Our promise</h2>\n<p>Free returns, <strong>always</strong>.</p>" in page


def test_the_owner_uploads_a_document_and_a_renamed_non_pdf_is_refused_with_a_sentence(client):
    # given
    login(client, Role.OWNER)
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    fake = SimpleUploadedFile("manual.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    real = SimpleUploadedFile("manual.pdf", demo_pdf(title="Manual", lines=["Lace them."]),
                              content_type="application/pdf")
    form = {"product": product.pk, "title": "Manual", "kind": "manual"}

    # when
    refused = client.post(reverse("backoffice_shop:documents"), {**form, "file": fake})
    accepted = client.post(reverse("backoffice_shop:documents"), {**form, "file": real})

    # then
    assert refused.status_code == 400
    assert "This file is not a PDF (it may only be named .pdf). Save it as a PDF and upload it again." in (
        refused.content.decode())
    assert accepted.status_code == 302
    assert list(ProductDocument.objects.values_list("product__slug", "title", "filename")) == [
        ("trail-shoes", "Manual", "manual.pdf")]


def test_a_path_traversal_name_sent_by_a_browser_never_reaches_the_storage_path(client):
    # given
    login(client, Role.OWNER)
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    pdf = SimpleUploadedFile("x.pdf", demo_pdf(title="Manual", lines=["x"]), content_type="application/pdf")
    pdf.name = "../../../../etc/cron.d/evil.pdf"

    # when
    client.post(reverse("backoffice_shop:documents"), {"product": product.pk, "title": "Manual", "kind": "manual",
                                                       "file": pdf})

    # then: Django keeps only the last part of the name, and the shop stores under a name of its own
    document = ProductDocument.objects.get()
    assert document.filename == "evil.pdf"
    assert document.file.name.startswith("product-documents/") and ".." not in document.file.name


@pytest.mark.parametrize("role", [Role.BILLING, Role.CUSTOMER_SERVICE, Role.FULFILMENT, Role.MARKETING])
def test_no_other_staff_role_can_open_or_change_the_shop_settings_and_nothing_changes(client, role):
    # given
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    before = identity_current()
    login(client, role)

    # when
    statuses = {(method, url): getattr(client, method)(url, data).status_code for method, url, data in requests(product)}

    # then
    assert set(statuses.values()) == {403}, statuses
    assert list(ShopIdentity.objects.values_list("pk", flat=True)) == [before.pk]
    assert (ShopPage.objects.count(), ProductDocument.objects.count()) == (0, 0)


def test_a_customer_or_a_visitor_is_sent_to_log_in_and_nothing_changes(client):
    # given
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    before = identity_current()

    # when
    anonymous = {getattr(client, m)(url, data).status_code for m, url, data in requests(product)}
    client.force_login(customer_create(email="ada@example.com"))
    customer = {getattr(client, m)(url, data).status_code for m, url, data in requests(product)}

    # then
    assert anonymous == {302}
    assert customer == {403}
    assert list(ShopIdentity.objects.values_list("pk", flat=True)) == [before.pk]
    assert (ShopPage.objects.count(), ProductDocument.objects.count()) == (0, 0)


def test_the_owner_sees_shop_settings_in_the_back_office_menu_and_other_roles_do_not(client):
    # given
    login(client, Role.OWNER)
    owner_menu = client.get(reverse("backoffice_shop:home")).content.decode()
    client.logout()
    login(client, Role.MARKETING)

    # when
    marketing_menu = client.get(reverse("analytics:dashboard")).content.decode()

    # then
    assert 'href="/backoffice/shop/"' in owner_menu
    assert 'href="/backoffice/shop/"' not in marketing_menu
