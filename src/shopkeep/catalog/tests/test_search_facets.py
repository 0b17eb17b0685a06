"""The filter data search keeps per product stays exact through every kind of catalogue change, and the facet
counts made from it equal the counts made from the variants themselves (catalog/search.py `_facets`).

On PostgreSQL the index row of each product stores its lowest price and facet signature (catalog/search_index.py),
and `facets_stale()` lists every product whose stored data differs from a fresh computation from its variants.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopkeep.catalog.models import Product, Variant
from shopkeep.catalog.search import (
    PRICE_RANGES, FacetChoice, _facets, _price_q, _Signature, _Summary, _variant_q, _with_variant, product_search,
)
from shopkeep.catalog.search_index import facets_stale
from shopkeep.catalog.services import product_delete, product_publish, stock_adjust, stock_release, stock_reserve
from shopkeep.catalog.tests.factories import category_create, product_create, variant_create
from shopkeep.catalog.transfer import catalog_import

pytestmark = pytest.mark.django_db


def _facet_counts(result) -> dict:
    return {
        "count": result.count,
        "sizes": {value.value: value.count for value in result.facets.sizes},
        "prices": {value.value: value.count for value in result.facets.prices},
        "in_stock": result.facets.in_stock.count,
    }


def _reference(choice: FacetChoice, **scope) -> dict:
    """The counts computed straight from the variants (no stored data)."""
    matched = Product.objects.filter(is_active=True, **scope)
    facets = _facets(matched, choice, "EUR")
    return {
        "count": _with_variant(matched, _variant_q(choice)).count(),
        "sizes": {value.value: value.count for value in facets.sizes},
        "prices": {value.value: value.count for value in facets.prices},
        "in_stock": facets.in_stock.count,
    }


def _assert_exact(query: str = "socks", choice: FacetChoice = FacetChoice()) -> dict:
    assert facets_stale() == []
    found = _facet_counts(product_search(query, facets=choice))
    assert found == _reference(choice, name__icontains=query)
    return found


@pytest.fixture
def socks():
    category = category_create(name="Hosiery", slug="hosiery")
    product = product_create(name="Wool Socks", slug="wool-socks", category=category)
    small = variant_create(product=product, sku="WS-S", size="S", price="15.00", stock=2, position=0)
    medium = variant_create(product=product, sku="WS-M", size="M", price="15.00", stock=0, position=1)
    other = product_create(name="Silk Socks", slug="silk-socks", category=category)
    variant_create(product=other, sku="SS-M", size="M", price="60.00", stock=1, position=0)
    return {"product": product, "small": small, "medium": medium, "other": other, "category": category}


def test_a_price_change_moves_the_product_to_its_new_range(socks):
    # when
    socks["small"].price = Decimal("25.00")
    socks["small"].save()

    # then: S is 20-50 now, M still under 20
    found = _assert_exact()
    assert found["prices"] == {"0-20": 1, "20-50": 1, "50-100": 1, "100-": 0}
    assert _assert_exact(choice=FacetChoice(sizes=("S",), price="0-20"))["count"] == 0


def test_stock_to_zero_and_back_is_seen_by_the_in_stock_filter(socks):
    # when: the only stocked size sells out (a reservation), then comes back (a release), then is counted
    stock_reserve(quantities={socks["small"].pk: 2})
    sold_out = _assert_exact(choice=FacetChoice(in_stock=True))
    stock_release(quantities={socks["small"].pk: 1})
    back = _assert_exact(choice=FacetChoice(in_stock=True))
    stock_adjust(variant=Variant.objects.get(pk=socks["medium"].pk), change=3, reason="received")
    both = _assert_exact(choice=FacetChoice(in_stock=True))

    # then
    assert (sold_out["count"], sold_out["in_stock"]) == (1, 1)
    assert (back["count"], back["sizes"]) == (2, {"S": 1, "M": 1})
    assert both["sizes"] == {"S": 1, "M": 2}


def test_a_new_size_appears_in_the_size_facet_and_filter(socks):
    # when
    variant_create(product=socks["other"], sku="SS-XL", size="XL", price="150.00", stock=4, position=1)

    # then
    found = _assert_exact(choice=FacetChoice(sizes=("XL",)))
    assert found["count"] == 1
    assert found["prices"]["100-"] == 1
    # sizes in the shop's order: lowest position first (S and M are both first somewhere), then by name
    assert [value.value for value in product_search("socks").facets.sizes] == ["M", "S", "XL"]


def test_a_hidden_and_a_deleted_product_leave_results_and_facets(socks):
    # when: one hidden, then shown again, then the other deleted with its sizes
    product_publish(product=socks["other"], active=False)
    hidden = _assert_exact()
    product_publish(product=Product.objects.get(pk=socks["other"].pk), active=True)
    shown = _assert_exact()
    product_delete(product=Product.objects.get(pk=socks["product"].pk))
    deleted = _assert_exact()

    # then
    assert (hidden["count"], hidden["sizes"]) == (1, {"S": 1, "M": 1})
    assert shown["count"] == 2
    assert (deleted["count"], deleted["sizes"], deleted["in_stock"]) == (1, {"M": 1}, 1)


def test_a_variant_deleted_or_moved_and_bulk_updates_stay_exact(socks):
    # when: bulk updates (no model signals), a size moved to the other product, a size deleted
    Variant.objects.filter(product=socks["other"]).update(stock=0, price=Decimal("5.00"))
    after_bulk = _assert_exact()
    Variant.objects.filter(pk=socks["small"].pk).update(product=socks["other"])
    _assert_exact()
    Variant.objects.get(pk=socks["medium"].pk).delete()
    after_delete = _assert_exact()

    # then
    assert after_bulk["in_stock"] == 1
    assert after_delete["sizes"] == {"S": 1, "M": 1}
    assert after_delete["count"] == 2  # Wool Socks has no size left but is still listed without a filter


def test_a_csv_import_updates_the_stored_filter_data(socks):
    # given: a new product and a changed price and stock, in one import
    text = ("product_slug,product_name,category,kind,tax_class,active,capture_immediately,description,sku,size,"
            "price,stock\n"
            "wool-socks,,,,,,,,WS-M,M,95.00,7\n"
            "cosy-socks,Cosy Socks,hosiery,socks,,,,,CS-L,L,12.00,0\n")

    # when
    report = catalog_import(text=text, dry_run=False)

    # then
    assert not report.errors
    found = _assert_exact()
    assert found["count"] == 3
    assert found["sizes"] == {"S": 1, "M": 2, "L": 1}
    assert found["prices"] == {"0-20": 2, "20-50": 0, "50-100": 2, "100-": 0}
    assert _assert_exact(choice=FacetChoice(sizes=("M",), price="50-100", in_stock=True))["count"] == 2


def test_a_product_whose_variants_came_first_in_its_transaction_is_complete(socks):
    # given: the foreign key is checked at commit, so variants may be written before their product
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) + 100 FROM catalog_product")
            new_id = cursor.fetchone()[0]
        Variant.objects.bulk_create([Variant(product_id=new_id, sku="EARLY-M", size="M", price="30.00", stock=1)])
        Product.objects.bulk_create([Product(id=new_id, name="Early Socks", slug="early", category=socks["category"])])

    # then
    assert _assert_exact()["sizes"] == {"S": 1, "M": 3}


# --- the facet counting from signatures against the counting from variants -----------------------------------

SIZES = ["S", "M", "L", ""]
PRICES = [Decimal(p) for p in ("0.00", "19.99", "20.00", "49.99", "50.00", "99.99", "100.00", "250.00")]
VARIANTS = st.lists(st.tuples(st.sampled_from(SIZES), st.sampled_from(PRICES), st.sampled_from([0, 1, 5])),
                    max_size=4)
CHOICES = st.builds(
    FacetChoice,
    sizes=st.lists(st.sampled_from(["S", "M", "L", "XXL"]), max_size=2, unique=True).map(tuple),
    price=st.sampled_from(["", *(key for key, _, _ in PRICE_RANGES)]),
    in_stock=st.booleans(),
)


def _tokens(variants) -> list[str]:
    """The signature search_index computes in SQL, computed here for SQLite (which keeps none)."""
    tokens = set()
    for variant in variants:
        index = next(i for i, (key, _, _) in enumerate(PRICE_RANGES)
                     if Variant.objects.filter(pk=variant.pk).filter(_price_q(key)).exists())
        combo = f"{index}{'s' if variant.stock > 0 else 'o'}"
        tokens.add(combo)
        if variant.size:
            tokens.add(f"{combo}:{variant.size}")
    return sorted(tokens)


def _summary() -> _Summary:
    groups: dict[tuple, int] = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT d.tokens FROM catalog_product_search s "
                           "JOIN catalog_search_signature d ON d.id = s.signature WHERE s.is_active")
            signatures = [tuple(row[0]) for row in cursor.fetchall()]
    else:
        signatures = [tuple(_tokens(product.variants.all())) for product in Product.objects.filter(is_active=True)]
    for signature in signatures:
        groups[signature] = groups.get(signature, 0) + 1
    return _Summary([(_Signature.parse(tokens), n) for tokens, n in groups.items()], {})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(products=st.lists(VARIANTS, min_size=1, max_size=5), choices=st.lists(CHOICES, min_size=1, max_size=4))
def test_counts_from_signatures_equal_counts_from_variants(products, choices):
    # given: a catalogue of random sizes, prices and stock
    Product.objects.all().delete()
    category = category_create()
    for number, variants in enumerate(products):
        product = product_create(category=category)
        for position, (size, price, stock) in enumerate(variants):
            variant_create(product=product, sku=f"P{number}-{position}", size=size, price=price, stock=stock,
                           position=position)
    assert facets_stale() == []
    summary = _summary()

    for choice in choices:
        # when
        facets = summary.facets(choice, "EUR")

        # then
        found = {
            "count": summary.count(choice),
            "sizes": {value.value: value.count for value in facets.sizes},
            "prices": {value.value: value.count for value in facets.prices},
            "in_stock": facets.in_stock.count,
        }
        assert found == _reference(choice)


# --- concurrent changes (PostgreSQL: row locks; SQLite writers take turns) ------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no stored filter data")
def test_two_transactions_changing_sizes_of_one_product_leave_it_exact(transactional_db):
    # given: a product with two sizes in stock
    product = product_create(name="Race Socks", slug="race")
    small = variant_create(product=product, sku="RACE-S", size="S", price="15.00", stock=1)
    medium = variant_create(product=product, sku="RACE-M", size="M", price="15.00", stock=1)
    first_wrote, errors = threading.Event(), []

    def sell_out(variant_id: int, wait: threading.Event | None) -> None:
        try:
            with transaction.atomic():
                Variant.objects.filter(pk=variant_id).update(stock=0)
                if wait is None:
                    first_wrote.set()
                    time.sleep(0.5)  # the other transaction now waits for this one's lock on the search row
                else:
                    wait.wait(10)
        except Exception as error:  # reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    # when: each sells out one size; neither sees the other's change before it commits
    threads = [threading.Thread(target=sell_out, args=(small.pk, None)),
               threading.Thread(target=sell_out, args=(medium.pk, first_wrote))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then: the stored signature knows both sizes are sold out
    assert errors == []
    assert facets_stale() == []
    assert product_search("race", facets=FacetChoice(in_stock=True)).count == 0
