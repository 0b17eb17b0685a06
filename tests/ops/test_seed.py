"""`shopkeep seed --products N`: a synthetic catalogue for benchmarks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.conf import conf

pytestmark = pytest.mark.django_db


def test_seed_adds_products_with_variants_spread_over_categories():
    # given
    out = StringIO()

    # when
    call_command("seed", products=25, categories=5, batch=10, stdout=out)

    # then
    assert Product.objects.count() == 25
    assert sorted(Category.objects.values_list("slug", flat=True)) == [f"bench-{i}" for i in range(1, 6)]
    assert not Product.objects.filter(variants__isnull=True).exists()
    assert set(Product.objects.values_list("kind", flat=True)) == {"socks", "shoes", "dress", "electronics", "other"}
    for product in Product.objects.filter(kind="electronics"):
        assert list(product.variants.values_list("size", flat=True)) == [""]
    for product in Product.objects.filter(kind="socks"):
        assert list(product.variants.values_list("size", flat=True)) == ["S 35–38", "M 39–42", "L 43–46"]
    assert set(Variant.objects.values_list("currency", flat=True)) == {conf.currency}
    assert f"Added 25 products with {Variant.objects.count()} variants in 5 categories in" in out.getvalue()


def test_seed_run_twice_adds_more_products_and_reuses_the_categories():
    # given
    call_command("seed", products=10, categories=2, stdout=StringIO())

    # when
    call_command("seed", products=10, categories=2, stdout=StringIO())

    # then
    assert Product.objects.count() == 20
    assert Category.objects.count() == 2


def test_seed_refuses_zero_products_and_adds_nothing():
    # when
    with pytest.raises(CommandError) as refused:
        call_command("seed", products=0, stdout=StringIO())

    # then
    assert str(refused.value) == "--products, --categories and --batch must be at least 1."
    assert not Product.objects.exists()
    assert not Category.objects.exists()
