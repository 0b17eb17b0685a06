"""Product documents (P-42): PDFs only, checked by content, within the size limit, stored and served safely."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from shopkeep.catalog.documents import product_document_add
from shopkeep.catalog.errors import DocumentRefused
from shopkeep.catalog.models import ProductDocument
from shopkeep.catalog.tests.factories import product_create, product_with_sizes
from shopkeep.storefront.management.commands._demo_documents import demo_pdf

pytestmark = pytest.mark.django_db

PDF = demo_pdf(title="Size chart", lines=["EU 42 = 26.7 cm"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
    return tmp_path / "media"


def upload(name: str = "size chart.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(media) -> list:
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.mark.promise("P-42")
def test_a_pdf_is_stored_under_a_name_the_shop_chooses_and_listed_on_the_product_page(client, media):
    # given
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")

    # when
    document = product_document_add(product=product, upload=upload("Guide des tailles (été 2025).pdf"), title="Size chart",
                                    kind=ProductDocument.Kind.SIZE_CHART)
    page = client.get("/p/trail-shoes/").content.decode()

    # then
    assert document.filename == "Guide-des-tailles-ete-2025.pdf"
    assert document.file.name.startswith("product-documents/") and document.file.name.endswith(".pdf")
    assert len(document.file.name) == len("product-documents/") + 32 + len(".pdf")
    assert (document.size, document.title, document.kind) == (len(PDF), "Size chart", "size_chart")
    assert f'<a href="/p/trail-shoes/documents/{document.pk}/Guide-des-tailles-ete-2025.pdf" download>Size chart</a>' in page
    assert "download>Size chart</a> <span class=\"muted small\">PDF, " in page


@pytest.mark.promise("P-42")
def test_a_document_is_served_as_a_pdf_download_with_a_safe_name_and_no_sniffing(client):
    # given
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    document = product_document_add(product=product, upload=upload(), title="Size chart", kind="size_chart")

    # when
    response = client.get(document.get_absolute_url())

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="size-chart.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_document_of_a_hidden_product_or_another_product_is_not_served(client):
    # given
    shown = product_with_sizes(name="Trail Shoes", slug="trail-shoes")
    hidden = product_create(slug="old-shoes", is_active=False)
    on_hidden = product_document_add(product=hidden, upload=upload(), title="Manual", kind="manual")
    on_shown = product_document_add(product=shown, upload=upload(), title="Manual", kind="manual")

    # when / then
    assert client.get(on_hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/p/old-shoes/documents/{on_shown.pk}/size-chart.pdf").status_code == 404


@pytest.mark.parametrize(("name", "data", "message"), [
    ("manual.pdf", b"PK\x03\x04 a zip file renamed", "This file is not a PDF (it may only be named .pdf)."),
    ("manual.pdf", b"\x89PNG\r\n\x1a\n an image", "This file is not a PDF (it may only be named .pdf)."),
    ("manual.pdf", b"<html><script>alert(1)</script></html>", "This file is not a PDF"),
    ("manual.pdf", b"%PDF-1.7\n but nothing after the header", "This PDF could not be read (it may be damaged)."),
])
def test_a_file_that_is_not_a_readable_pdf_is_refused_whatever_its_name_and_nothing_is_stored(media, name, data,
                                                                                               message):
    # given
    product = product_create()

    # when
    with pytest.raises(DocumentRefused) as refused:
        product_document_add(product=product, upload=upload(name, data), title="Manual", kind="manual")

    # then
    assert str(refused.value).startswith(message)
    assert ProductDocument.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(settings, media):
    # given
    settings.SHOPKEEP_DOCUMENT_MAX_MB = 2
    product = product_create()
    big = PDF + b"%" + b"x" * (3 * 1024 * 1024 - len(PDF) - 1)

    # when
    with pytest.raises(DocumentRefused) as refused:
        product_document_add(product=product, upload=upload("big.pdf", big), title="Manual", kind="manual")

    # then
    assert str(refused.value) == ("This file is too large (3.00 MB): documents may be at most 2 MB. "
                                  "Make the PDF smaller and upload it again.")
    assert ProductDocument.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.pdf", "/etc/cron.d/x.pdf",
                                  "C:evil.pdf", ".hidden.pdf", "man\x00ual.pdf", "a/../b.pdf"])
def test_a_file_name_with_a_folder_path_is_refused_and_nothing_is_stored(media, name):
    # given
    product = product_create()
    file = upload()
    file._name = name  # as a client could send it, before any clean-up

    # when
    with pytest.raises(DocumentRefused) as refused:
        product_document_add(product=product, upload=file, title="Manual", kind="manual")

    # then
    assert "contains a folder path or hidden characters" in str(refused.value)
    assert ProductDocument.objects.count() == 0
    assert stored_files(media) == []
    assert not default_storage.exists("etc/passwd.pdf")
