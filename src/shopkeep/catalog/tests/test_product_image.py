from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.catalog.images import image_version
from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import product_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [k.value for k in Product.Kind])
def test_every_kind_gets_an_svg_picture_in_the_product_colours(client, kind):
    # given
    product = product_create(slug="thing", kind=kind)
    Product.objects.filter(pk=product.pk).update(colour="#123456", accent="#abcdef")

    # when
    response = client.get(reverse("catalog:product_image", args=["thing"]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400"')
    assert 'fill="#123456"' in body
    assert "#abcdef" in body
    assert response.get("Set-Cookie") is None


def test_picture_has_etag_last_modified_and_cache_control(client):
    # given
    product = product_create(slug="thing")

    # when
    response = client.get(reverse("catalog:product_image", args=["thing"]))

    # then
    assert response["ETag"] == f'"{image_version(product.updated_at)}-1"'
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=86400"


def test_versioned_picture_may_be_cached_for_a_year(client):
    # given
    product = product_create(slug="thing")

    # when
    response = client.get(reverse("catalog:product_image", args=["thing"]), {"v": image_version(product.updated_at)})

    # then
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_picture_answers_304_when_the_etag_matches(client):
    # given
    product_create(slug="thing")
    etag = client.get(reverse("catalog:product_image", args=["thing"]))["ETag"]

    # when
    response = client.get(reverse("catalog:product_image", args=["thing"]), HTTP_IF_NONE_MATCH=etag)

    # then
    assert response.status_code == 304
    assert response.content == b""


def test_saving_the_product_changes_the_etag(client):
    # given
    product = product_create(slug="thing")
    old = client.get(reverse("catalog:product_image", args=["thing"]))["ETag"]
    Product.objects.filter(pk=product.pk).update(colour="#000000", updated_at=timezone.now() + timedelta(seconds=1))

    # when
    response = client.get(reverse("catalog:product_image", args=["thing"]), HTTP_IF_NONE_MATCH=old)

    # then
    assert response.status_code == 200
    assert response["ETag"] != old
    assert 'fill="#000000"' in response.content.decode()


def test_picture_never_echoes_markup_from_colour_or_name(client):
    # given
    product = product_create(slug="thing", name='<script>alert("x")</script>')
    Product.objects.filter(pk=product.pk).update(colour='"/><script>', accent="red")

    # when
    body = client.get(reverse("catalog:product_image", args=["thing"])).content.decode()

    # then
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert 'fill="#4f6d7a"' in body


def test_picture_of_inactive_or_unknown_product_is_404(client):
    # given
    product_create(slug="old", is_active=False)

    # when
    inactive = client.get(reverse("catalog:product_image", args=["old"]))
    unknown = client.get("/p/nothing/image.svg")

    # then
    assert inactive.status_code == 404
    assert unknown.status_code == 404
