"""Product search: the one function behind the search page, the category page and the API's product list.

`product_search(query, category=…, facets=…, sort=…, page=…)` finds active products whose name, category or
description contain every word of the query as a word prefix ("soc" finds socks), ranks name matches above
category matches above description matches, filters and counts the facets (size, price range, in stock),
and, when nothing matches, suggests the nearest spelling from the catalogue's own words ("sokcs" → socks)
and shows what that finds. The index it reads is kept in step by triggers (catalog/search_index.py).
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.catalog.search_index import search_version
from shopkeep.conf import conf
from shopkeep.money import Money

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_SIZES = 12
PAGE_SIZE = 24
# Counts, facet counts, pages of ids (and of their products) and suggestions are cached under the catalogue's version
# (search_index.search_version), which every write statement moves on; the time limit bounds what a search
# running between another transaction's last write and its commit may have cached.
CACHE_SECONDS = 60

SORTS = {
    "relevance": ("relevance", "Best match"),
    "name": ("name", "Name A–Z"),
    "price": ("min_price", "Price: low to high"),
    "-price": ("-min_price", "Price: high to low"),
    "new": ("-created_at", "Newest"),
}
# Price ranges in the shop's currency: (key, lowest included, highest excluded).
PRICE_RANGES = [
    ("0-20", None, Decimal("20")),
    ("20-50", Decimal("20"), Decimal("50")),
    ("50-100", Decimal("50"), Decimal("100")),
    ("100-", Decimal("100"), None),
]


def search_terms(query: str) -> list[str]:
    """The words of a query, lower case, at most 8 of at most 40 characters; punctuation and operators dropped."""
    return [word[:MAX_TERM_LENGTH] for word in WORD.findall(query.lower())][:MAX_TERMS]


@dataclass(frozen=True)
class FacetChoice:
    """What the shopper picked: sizes (any of), a price range key, in stock only."""

    sizes: tuple[str, ...] = ()
    price: str = ""
    in_stock: bool = False

    @classmethod
    def from_query(cls, params: QueryDict) -> "FacetChoice":
        """Read size=…&size=…&price=20-50&in_stock=1; unknown values are ignored, never an error."""
        sizes = tuple(dict.fromkeys(s.strip()[:20] for s in params.getlist("size") if s.strip()))[:MAX_SIZES]
        price = params.get("price", "")
        return cls(sizes=sizes, price=price if price in dict((k, 0) for k, _, _ in PRICE_RANGES) else "",
                   in_stock=params.get("in_stock") == "1")

    @property
    def active(self) -> bool:
        return bool(self.sizes or self.price or self.in_stock)

    @property
    def count(self) -> int:
        return len(self.sizes) + bool(self.price) + self.in_stock


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    sizes: list[FacetValue] = field(default_factory=list)
    prices: list[FacetValue] = field(default_factory=list)
    in_stock: FacetValue | None = None


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    page: Page
    facets: Facets
    choice: FacetChoice
    sort: str
    suggestion: str = ""  # a corrected query ("socks" for "sokcs")
    corrected: bool = False  # the results shown are those of the suggestion, the query itself found nothing

    @property
    def count(self) -> int:
        return self.page.paginator.count


# --- the text match, per database ---------------------------------------------------------------------

def _fts5_query(terms: list[str]) -> str:
    # Every word quoted (so AND, NEAR, quotes and colons are never operators) and a prefix (*).
    return " ".join(f'"{term}"*' for term in terms)


def _tsquery(terms: list[str]) -> str:
    return " & ".join(f"'{term}':*" for term in terms)


def _match_sql(terms: list[str]) -> tuple[str, list]:
    """SQL selecting the ids of products whose index document matches every term."""
    if connection.vendor == "postgresql":
        return ("SELECT product_id FROM catalog_product_search WHERE document @@ to_tsquery('simple', %s)",
                [_tsquery(terms)])
    return "SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [_fts5_query(terms)]


def _ranked_ids(terms: list[str], scope: QuerySet | None, offset: int, limit: int, category_id=None) -> list[int]:
    """One page of the ids matching `terms` (in `scope`, or on PostgreSQL when scope is None: active, in the
    category if given), best first: name (A) > category (B) > description (C)."""
    if scope is not None:
        scope_sql, scope_params = scope.order_by().values("id").query.sql_with_params()
    if connection.vendor == "postgresql":
        if scope is None:
            where, where_params = "s.is_active", []
            if category_id is not None:
                where, where_params = where + " AND s.category_id = %s", [category_id]
        else:
            where, where_params = f"s.product_id IN ({scope_sql})", list(scope_params)
        sql = (
            "SELECT s.product_id FROM catalog_product_search s, to_tsquery('simple', %s) q "
            f"WHERE s.document @@ q AND {where} "
            "ORDER BY ts_rank(s.document, q) DESC, s.product_id LIMIT %s OFFSET %s"
        )
        params = [_tsquery(terms), *where_params, limit, offset]
    else:
        # Materialised first: a rowid constraint next to MATCH would run the full-text query once per id.
        sql = (
            "WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(catalog_product_fts, 10.0, 4.0, 1.0) AS rank "
            "FROM catalog_product_fts WHERE catalog_product_fts MATCH %s) "
            f"SELECT id FROM hits WHERE id IN ({scope_sql}) ORDER BY rank, id LIMIT %s OFFSET %s"
        )
        params = [_fts5_query(terms), *scope_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# --- typo tolerance -------------------------------------------------------------------------------------

def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


_trigram_available: dict[str, bool] = {}


def _has_trigram() -> bool:
    key = connection.settings_dict["NAME"]
    if key not in _trigram_available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trigram_available[key] = cursor.fetchone() is not None
    return _trigram_available[key]


def _candidates(term: str) -> list[tuple[str, float]]:
    """Catalogue words that might be what `term` meant, each with a popularity or similarity score."""
    shortest, longest = max(1, len(term) - 2), len(term) + 2
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if _has_trigram():
                cursor.execute(
                    "SELECT word, similarity(word, %s) AS score FROM catalog_search_word "
                    "WHERE similarity(word, %s) > 0.1 ORDER BY score DESC, word LIMIT 50", [term, term])
            else:
                cursor.execute("SELECT word, 0 FROM catalog_search_word WHERE length(word) BETWEEN %s AND %s",
                               [shortest, longest])
        else:
            cursor.execute(
                "SELECT term, doc FROM catalog_product_fts_vocab "
                "WHERE length(term) BETWEEN %s AND %s AND term NOT GLOB '*[0-9]*'", [shortest, longest])
        return [(word, float(score)) for word, score in cursor.fetchall()]


def _closest_word(term: str) -> str:
    allowed = 1 if len(term) <= 4 else 2
    best = None
    for word, score in _candidates(term):
        distance = _edit_distance(term, word)
        if distance <= allowed and (best is None or (distance, -score, word) < best):
            best = (distance, -score, word)
    return best[2] if best else ""


def _matches_any(terms: list[str]) -> bool:
    sql, params = _match_sql(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS ({sql})", params)
        return bool(cursor.fetchone()[0])


def spelling_suggestion(terms: list[str]) -> list[str]:
    """The terms with each word the catalogue does not know replaced by its nearest known word; [] if none."""
    corrected, changed = [], False
    for term in terms:
        if len(term) < 3 or term.isdigit() or _matches_any([term]):
            corrected.append(term)
            continue
        word = _closest_word(term)
        corrected.append(word or term)
        changed = changed or bool(word)
    return corrected if changed else []


# --- facets ---------------------------------------------------------------------------------------------

def _price_q(key: str, prefix: str = "") -> Q:
    for range_key, low, high in PRICE_RANGES:
        if range_key == key:
            q = Q()
            if low is not None:
                q &= Q(**{f"{prefix}price__gte": low})
            if high is not None:
                q &= Q(**{f"{prefix}price__lt": high})
            return q
    return Q()


def _variant_q(choice: FacetChoice, *, sizes=True, price=True, in_stock=True) -> Q:
    q = Q()
    if sizes and choice.sizes:
        q &= Q(size__in=choice.sizes)
    if price and choice.price:
        q &= _price_q(choice.price)
    if in_stock and choice.in_stock:
        q &= Q(stock__gt=0)
    return q


def _with_variant(products: QuerySet, q: Q) -> QuerySet:
    if not q:
        return products
    return products.filter(Exists(Variant.objects.filter(q, product=OuterRef("pk"))))


def _price_label(key: str, currency: str) -> str:
    for range_key, low, high in PRICE_RANGES:
        if range_key == key:
            if low is None:
                return f"Under {Money(high, currency)}"
            if high is None:
                return f"{Money(low, currency)} and over"
            return f"{Money(low, currency)} to {Money(high, currency)}"
    return key


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _has(q: Q) -> Max:
    """1 when any of a product's variants (in its group) meets q, else 0."""
    return Max(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))


def _facets(matched: QuerySet | RawSQL, choice: FacetChoice, currency: str) -> Facets:
    """Counts of products per facet value, each facet counted with the other facets' choices applied.

    Variants are first grouped per product (one hash aggregation), then the products counted: much cheaper
    than COUNT(DISTINCT product) per value, which sorts once per value."""
    ids = matched if isinstance(matched, RawSQL) else matched.values("id")
    variants = Variant.objects.filter(product_id__in=ids).order_by()
    per_size = (
        variants.filter(_variant_q(choice, sizes=False)).exclude(size="")
        .values("product_id", "size").annotate(first=Min("position"))
    )
    inner, params = per_size.query.sql_with_params()
    size_rows = _fetch(f"SELECT size, COUNT(*), MIN(first) FROM ({inner}) AS per_size "
                       "GROUP BY size ORDER BY 3, 1", params)
    sizes = [FacetValue(size, size, n, size in choice.sizes) for size, n, _ in size_rows]
    known = {value.value for value in sizes}
    sizes += [FacetValue(size, size, 0, True) for size in choice.sizes if size not in known]
    # Price ranges and in-stock in one pass over the variants of the chosen sizes.
    stock_q = Q(stock__gt=0) if choice.in_stock else Q()
    per_product = (
        variants.filter(_variant_q(choice, price=False, in_stock=False)).values("product_id").annotate(
            stocked=_has(Q(stock__gt=0) & _price_q(choice.price)),
            **{f"r{index}": _has(_price_q(key) & stock_q) for index, (key, _, _) in enumerate(PRICE_RANGES)},
        )
    )
    inner, params = per_product.query.sql_with_params()
    columns = ["stocked", *(f"r{index}" for index in range(len(PRICE_RANGES)))]
    row = _fetch(f"SELECT {', '.join(f'COALESCE(SUM({c}), 0)' for c in columns)} FROM ({inner}) AS per_product",
                 params)[0]
    counts = dict(zip(columns, (int(value) for value in row)))
    prices = [
        FacetValue(key, _price_label(key, currency), counts[f"r{index}"], key == choice.price)
        for index, (key, _, _) in enumerate(PRICE_RANGES)
    ]
    stocked = counts["stocked"]
    return Facets(sizes=sizes, prices=prices, in_stock=FacetValue("1", "In stock", stocked, choice.in_stock))


# --- the page of products -------------------------------------------------------------------------------

def products_for_tiles(products: QuerySet) -> QuerySet:
    """With the category and min_price, max_price, total_stock, computed per row shown (subqueries, no GROUP BY
    over every match)."""
    own = Variant.objects.filter(product=OuterRef("pk")).order_by().values("product")
    return products.select_related("category").annotate(
        min_price=Subquery(own.annotate(v=Min("price")).values("v")),
        max_price=Subquery(own.annotate(v=Max("price")).values("v")),
        total_stock=Subquery(own.annotate(v=Sum("stock")).values("v")),
    )


def products_annotated(ids: list[int]) -> list[Product]:
    """The products with these ids, in this order, ready for tiles."""
    by_id = {product.id: product for product in products_for_tiles(Product.objects.filter(id__in=ids).order_by())}
    return [by_id[i] for i in ids if i in by_id]


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


class _Hits:
    """A lazily sliced result list for Paginator: counts once, then loads only the asked-for page."""

    def __init__(self, *, scope: QuerySet, matched: QuerySet, terms: list[str], sort: str, key: str,
                 direct: RawSQL | None = None, category_id=None):
        self.scope, self.matched, self.terms, self.sort, self.key = scope, matched, terms, sort, key
        self.category_id = category_id
        self.direct = direct  # the matching ids straight from the index, when no filter needs the variants

    @cached_property
    def _count(self) -> int:
        return _cached(f"{self.key}:count", self._counted)

    def _counted(self) -> int:
        if self.direct is None:
            return self.matched.count()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({self.direct.sql}) AS hits", self.direct.params)
            return cursor.fetchone()[0]

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item: slice) -> list[Product]:
        offset, limit = item.start or 0, (item.stop or self._count) - (item.start or 0)
        if limit <= 0:
            return []
        key = f"{self.key}:{self.sort}:{offset}:{limit}"
        # The page's products with their prices and stock, ready for tiles, under the same version as their ids:
        # any write to a product, variant or category moves it on.
        return _cached(f"{key}:products", lambda: products_annotated(_cached(key, lambda: self._ids(offset, limit))))

    def _ids(self, offset: int, limit: int) -> list[int]:
        if self.sort == "relevance" and self.terms:
            scope = None if self.direct is not None else self.scope
            return _ranked_ids(self.terms, scope, offset, limit, category_id=self.category_id)
        order = SORTS.get(self.sort, SORTS["name"])[0]
        order = "name" if order == "relevance" else order
        if order in ("min_price", "-min_price"):
            ordered = self.matched.annotate(min_price=Min("variants__price"))
        else:
            ordered = self.matched
        return list(ordered.order_by(order, "id").values_list("id", flat=True)[offset:offset + limit])


def _cache_key(version: int, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"catalog:search:{connection.vendor}:{version}:{digest}"


def _run(terms, *, category, choice, sort, page, page_size, version):
    scope = Product.objects.filter(is_active=True)
    if category is not None:
        scope = scope.filter(category=category)
    everything = scope
    direct = None
    if terms and connection.vendor == "postgresql":
        # The index row carries is_active and category_id: the matches never need the product table.
        sql, params = _match_sql(terms)
        sql += " AND is_active"
        if category is not None:
            sql, params = sql + " AND category_id = %s", [*params, category.pk]
        direct = RawSQL(sql, params)
        everything = Product.objects.filter(id__in=direct)
    elif terms:
        sql, params = _match_sql(terms)
        everything = scope.filter(id__in=RawSQL(sql, params))
    scope = _with_variant(scope, _variant_q(choice))
    matched = _with_variant(everything, _variant_q(choice))
    key = _cache_key(version, terms, category.pk if category else None, choice.sizes, choice.price, choice.in_stock)
    hits = _Hits(scope=scope, matched=matched, terms=terms, sort=sort, key=key,
                 direct=direct if not choice.active else None, category_id=category.pk if category else None)
    paginator = Paginator(hits, page_size)
    return paginator.get_page(page), (direct if direct is not None else everything), key


def product_search(
    query: str = "",
    *,
    category: Category | None = None,
    facets: FacetChoice | None = None,
    sort: str = "",
    page: int | str | None = 1,
    page_size: int = PAGE_SIZE,
    with_facets: bool = True,
) -> SearchResult:
    """Search the active products (all, or one category's) and return one page, the facets and a suggestion.

    An empty query lists every product in scope. `sort` is one of SORTS (default: best match with a query,
    name without one); `page` out of range gives the nearest page. Any query string is safe: only its words
    are used, never its punctuation or operators.
    """
    choice = facets or FacetChoice()
    currency = conf.currency
    terms = search_terms(query)
    sort = sort if sort in SORTS else ("relevance" if terms else "name")
    version = search_version()
    options = {"category": category, "choice": choice, "sort": sort, "page": page, "page_size": page_size,
               "version": version}
    result_page, everything, key = _run(terms, **options)
    suggestion, corrected = "", False
    if terms and result_page.paginator.count == 0:
        better = _cached(_cache_key(version, "suggestion", terms), lambda: spelling_suggestion(terms))
        if better:
            suggested_page, suggested_everything, suggested_key = _run(better, **options)
            if suggested_page.paginator.count:
                suggestion, corrected = " ".join(better), True
                result_page, everything, key = suggested_page, suggested_everything, suggested_key
    return SearchResult(
        query=query,
        terms=terms,
        page=result_page,
        facets=_cached(f"{key}:facets", lambda: _facets(everything, choice, currency)) if with_facets else Facets(),
        choice=choice,
        sort=sort,
        suggestion=suggestion,
        corrected=corrected,
    )
