"""product_search on whichever database the tests run on (SQLite by default; PostgreSQL with
SHOPKEEP_DATABASE_URL): ranking, prefixes, typos, facets, unpublished products and freshness."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.catalog.search import FacetChoice, product_search, search_terms
from shopkeep.catalog.search_index import search_index_ensure, search_index_rebuild, search_version
from shopkeep.catalog.services import stock_adjust
from shopkeep.catalog.signals import catalog_changed_send
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db


def _names(result) -> list[str]:
    return [product.name for product in result.page.object_list]


@pytest.fixture
def shop():
    socks = category_create(name="Socks", slug="socks")
    shoes = category_create(name="Shoes", slug="shoes")
    product_with_sizes(name="Merino Socks", slug="merino", category=socks, sizes={"S": 0, "M": 4}, price="15.00")
    product_with_sizes(name="Striped Crew Socks", slug="crew", category=socks, sizes={"M": 2, "L": 0},
                       price="25.00")
    product_with_sizes(name="Trail Boots", slug="boots", category=shoes, sizes={"EU 40": 1, "EU 42": 3},
                       price="120.00")
    return {"socks": socks, "shoes": shoes}


def test_a_name_match_ranks_above_a_category_match_above_a_description_match():
    # given: "wool" in one product's description, another's category, a third's name
    wool_category = category_create(name="Wool", slug="wool")
    plain = category_create(name="Knitwear", slug="knitwear")
    product_create(name="Cosy Scarf", slug="scarf", category=plain, description="Knitted from soft wool.")
    product_create(name="Warm Hat", slug="hat", category=wool_category, description="A hat.")
    product_create(name="Wool Gloves", slug="gloves", category=plain, description="Gloves.")

    # when
    result = product_search("wool")

    # then
    assert _names(result) == ["Wool Gloves", "Warm Hat", "Cosy Scarf"]
    assert result.count == 3


def test_a_word_prefix_finds_the_product(shop):
    # when
    result = product_search("soc")

    # then
    assert set(_names(result)) == {"Merino Socks", "Striped Crew Socks"}


def test_every_word_must_match_somewhere_in_name_category_or_description(shop):
    # when: "merino" is in a name, "socks" in the category
    both = product_search("merino socks")
    neither = product_search("merino boots")

    # then
    assert _names(both) == ["Merino Socks"]
    assert _names(neither) == []


def test_a_misspelt_word_is_corrected_and_its_results_shown(shop):
    # when
    result = product_search("sokcs")

    # then
    assert result.suggestion == "socks"
    assert result.corrected is True
    assert set(_names(result)) == {"Merino Socks", "Striped Crew Socks"}


def test_a_misspelling_beside_a_right_word_keeps_the_right_word(shop):
    # when
    result = product_search("merino sokcs")

    # then
    assert result.suggestion == "merino socks"
    assert _names(result) == ["Merino Socks"]


def test_no_suggestion_for_words_nothing_resembles(shop):
    # when
    result = product_search("unicorn")

    # then
    assert result.count == 0
    assert result.suggestion == ""
    assert result.corrected is False


def test_unpublished_products_never_appear_in_results_facets_or_suggestions(shop):
    # given
    hidden = product_with_sizes(name="Secret Sandals", slug="secret", category=shop["shoes"], sizes={"XXL": 9})
    Product.objects.filter(pk=hidden.pk).update(is_active=False)

    # when
    found = product_search("secret")
    listing = product_search("", category=shop["shoes"])
    typo = product_search("sandlas")

    # then
    assert found.count == 0
    assert _names(listing) == ["Trail Boots"]
    assert "XXL" not in [value.value for value in listing.facets.sizes]
    assert typo.count == 0


def test_a_product_added_or_edited_is_found_at_once(shop):
    # given
    added = product_with_sizes(name="Linen Dress", slug="linen", category=shop["shoes"])
    assert _names(product_search("linen")) == ["Linen Dress"]

    # when: renamed, then its category renamed
    added.name = "Velvet Dress"
    added.save()
    Category.objects.filter(pk=shop["shoes"].pk).update(name="Footwear")
    shop["shoes"].refresh_from_db()

    # then
    assert _names(product_search("linen")) == []
    assert _names(product_search("velvet")) == ["Velvet Dress"]
    assert set(_names(product_search("footwear"))) == {"Velvet Dress", "Trail Boots"}
    assert _names(product_search("shoes")) == []


def test_products_saved_in_bulk_and_deleted_are_found_and_forgotten(shop):
    # given
    Product.objects.bulk_create([Product(name="Bamboo Tights", slug="bamboo", category=shop["socks"])])

    # then
    assert _names(product_search("bamboo")) == ["Bamboo Tights"]
    Product.objects.filter(slug="bamboo").delete()
    assert _names(product_search("bamboo")) == []


def test_rebuilding_the_index_gives_the_same_results(shop):
    # when
    search_index_rebuild()
    search_index_ensure()

    # then
    assert set(_names(product_search("socks"))) == {"Merino Socks", "Striped Crew Socks"}


def test_facets_count_products_per_size_price_range_and_stock(shop):
    # when
    result = product_search("")

    # then
    sizes = {value.value: value.count for value in result.facets.sizes}
    assert sizes == {"S": 1, "M": 2, "L": 1, "EU 40": 1, "EU 42": 1}
    prices = {value.value: value.count for value in result.facets.prices}
    assert prices == {"0-20": 1, "20-50": 1, "50-100": 0, "100-": 1}
    assert result.facets.in_stock.count == 3


def test_facets_filter_and_count_each_facet_with_the_others_applied(shop):
    # when: size S in stock (Merino's S is sold out)
    result = product_search("socks", facets=FacetChoice(sizes=("S",), in_stock=True))

    # then
    assert _names(result) == []
    # the size facet ignores the size chosen but keeps "in stock": M is in stock for both socks
    sizes = {value.value: value.count for value in result.facets.sizes}
    assert sizes == {"S": 0, "M": 2}
    assert result.facets.in_stock.count == 0

    # when: size M, under 20
    cheap = product_search("socks", facets=FacetChoice(sizes=("M",), price="0-20"))

    # then
    assert _names(cheap) == ["Merino Socks"]
    assert {v.value: v.count for v in cheap.facets.prices} == {"0-20": 1, "20-50": 1, "50-100": 0, "100-": 0}


def test_facets_on_a_category_only_count_that_category(shop):
    # when
    result = product_search("", category=shop["shoes"], facets=FacetChoice(price="100-"))

    # then
    assert _names(result) == ["Trail Boots"]
    assert [value.value for value in result.facets.sizes] == ["EU 40", "EU 42"]


def test_facet_choice_ignores_unknown_values():
    # when
    choice = FacetChoice.from_query(QueryDict("size=M&size=M&size=&price=cheap&in_stock=yes"))

    # then
    assert choice == FacetChoice(sizes=("M",), price="", in_stock=False)


def test_sorts_by_price_and_pages_through_the_results(shop):
    # when
    cheapest_first = product_search("", sort="price")
    second_page = product_search("", sort="-price", page=2, page_size=2)

    # then
    assert _names(cheapest_first) == ["Merino Socks", "Striped Crew Socks", "Trail Boots"]
    assert _names(second_page) == ["Merino Socks"]
    assert cheapest_first.page.object_list[0].min_price == Decimal("15.00")


def test_tiles_carry_prices_and_stock(shop):
    # given
    variant_create(product=Product.objects.get(slug="boots"), sku="BOOTS-44", size="EU 44", price="130.00", stock=0)

    # when
    boots = product_search("boots").page.object_list[0]

    # then
    assert (boots.min_price, boots.max_price, boots.total_stock) == (Decimal("120.00"), Decimal("130.00"), 4)


def test_search_terms_keep_only_words():
    assert search_terms('"So*cks" NEAR(-wool:) AND über') == ["so", "cks", "near", "wool", "and", "über"]
    assert len(search_terms("a " * 50)) == 8


QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(['"', "*", "NEAR", "NEAR(", "-", ":", "AND", "OR", "NOT", "(", ")", "^", "'", "&",
                              "|", "!", "<->", ":*", "soc", "sokcs", "Ü", "\\", "%", "_", "{", "}", "\x00"]),
             max_size=8).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, page=st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3)))
def test_any_query_string_returns_a_valid_page(shop, query, page):
    # when
    result = product_search(query, page=page)

    # then
    assert 1 <= result.page.number <= result.page.paginator.num_pages
    assert all(product.is_active for product in result.page.object_list)
    assert len(result.page.object_list) <= min(result.count, 24)


def test_the_index_is_the_one_for_this_database():
    # then: FTS5 on SQLite, the weighted tsvector with its GIN index on PostgreSQL
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_product_search_document'")
            assert "gin" in cursor.fetchone()[0].lower()
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'catalog_product_fts'")
            assert "fts5" in cursor.fetchone()[0].lower()


def test_the_rebuild_command_refills_an_emptied_index(shop):
    # given: the index emptied behind the triggers' back
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_product_fts" if connection.vendor == "sqlite"
                       else "DELETE FROM catalog_product_search")
    assert product_search("boots").count == 0

    # when
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    # then
    assert _names(product_search("boots")) == ["Trail Boots"]
    assert "rebuilt" in out.getvalue()


def test_cached_counts_and_pages_follow_every_write_at_once(shop):
    # given: a search made once, so its counts and page are cached
    assert product_search("boots", facets=FacetChoice(in_stock=True)).count == 1

    # when: the boots sell out through the stock service (a bulk update plus the catalogue hook), and a price
    # changes through a save
    for variant in Variant.objects.filter(product__slug="boots"):
        stock_adjust(variant=variant, change=-variant.stock, reason="count")
    after = product_search("boots", facets=FacetChoice(in_stock=True))
    merino = Variant.objects.filter(product__slug="merino")
    for variant in merino:
        variant.price = Decimal("55.00")
        variant.save()
    prices = {value.value: value.count for value in product_search("socks").facets.prices}

    # then
    assert after.count == 0
    assert after.facets.in_stock.count == 0
    assert prices == {"0-20": 0, "20-50": 1, "50-100": 1, "100-": 0}


def test_the_catalogue_hook_is_what_moves_the_cached_results_on(shop):
    # given: a search cached, then a change made behind every write path's back (no hook)
    assert product_search("boots").count == 1
    before = search_version()
    Product.objects.filter(slug="boots").update(is_active=False)
    assert search_version() == before

    # when: the hook tells
    catalog_changed_send(sender=Product, product_ids={Product.objects.get(slug="boots").pk})

    # then: the version moved and the search sees the change
    assert search_version() > before
    assert product_search("boots").count == 0
