"""Product search: the one function behind the search page, the category page and the API's product list.

`product_search(query, category=…, facets=…, sort=…, page=…)` finds active products whose name, category or
description contain every word of the query as a word prefix ("soc" finds socks), ranks name matches above
category matches above description matches, filters and counts the facets (size, price range, in stock),
and, when nothing matches, suggests the nearest spelling from the catalogue's own words ("sokcs" → socks)
and shows what that finds. The index it reads is kept in step by triggers (catalog/search_index.py).

On PostgreSQL one statement reads only the index table: the matches grouped by facet signature (the count and
every facet count follow from them in Python, exactly) and one page of ids in the chosen order, the facet
filter keeping the signatures whose tokens overlap the ones it accepts. SQLite counts from the variants
(`_facets`, the reference the PostgreSQL path is tested against).
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.catalog.search_index import PRICE_RANGES, search_version
from shopkeep.conf import conf
from shopkeep.money import Money

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_SIZES = 12
PAGE_SIZE = 24
# Counts, facet counts, pages of ids (and of their products) and suggestions are cached under the catalogue's version
# (search_index.search_version), which the catalogue hook `catalog_changed` moves on with every change, at once
# and after commit; the time limit bounds the life of entries no version will ask for again.
CACHE_SECONDS = 60

SORTS = {
    "relevance": ("relevance", "Best match"),
    "name": ("name", "Name A–Z"),
    "price": ("min_price", "Price: low to high"),
    "-price": ("-min_price", "Price: high to low"),
    "new": ("-created_at", "Newest"),
}
# Price ranges: search_index.PRICE_RANGES (the index stores each variant's range).


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


def _ranked_ids(terms: list[str], scope: QuerySet, offset: int, limit: int) -> list[int]:
    """SQLite: one page of the ids matching `terms` in `scope`, best first: name > category > description."""
    scope_sql, scope_params = scope.order_by().values("id").query.sql_with_params()
    # Materialised first: a rowid constraint next to MATCH would run the full-text query once per id.
    sql = (
        "WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(catalog_product_fts, 10.0, 4.0, 1.0) AS rank "
        "FROM catalog_product_fts WHERE catalog_product_fts MATCH %s) "
        f"SELECT id FROM hits WHERE id IN ({scope_sql}) ORDER BY rank, id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_query(terms), *scope_params, limit, offset])
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
        # Materialised: planned for all rows, PostgreSQL reads the GIN index instead of scanning the table for a
        # first row that may not exist.
        cursor.execute(f"WITH hits AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM hits)", params)
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


# --- PostgreSQL: the index rows carry the filter data ---------------------------------------------------

# The order of a page, per sort, over the columns of the index row (as the SQLite path orders the products).
INDEX_ORDER = {
    "relevance": ("rank DESC, product_id", "ts_rank(s.document, q) DESC, s.product_id"),
    "name": ("name, product_id", "s.name, s.product_id"),
    "price": ("min_price, product_id", "s.min_price, s.product_id"),
    "-price": ("min_price DESC, product_id", "s.min_price DESC, s.product_id"),
    "new": ("created_at DESC, product_id", "s.created_at DESC, s.product_id"),
}
INDEX_SORT_COLUMNS = {"relevance": "ts_rank(s.document, q) AS rank", "name": "s.name", "price": "s.min_price",
                      "-price": "s.min_price", "new": "s.created_at"}
assert len(PRICE_RANGES) <= 10  # one digit per range in the stored tokens


@dataclass(frozen=True)
class _Signature:
    """What a product's variants offer: (price range, in stock) of each, and (price range, in stock, size) of
    each sized one (search_index: the tokens "1s" and "1s:M")."""

    combos: frozenset
    sized: frozenset

    @classmethod
    def parse(cls, tokens) -> "_Signature":
        combos, sized = set(), set()
        for token in tokens:
            combo = (int(token[0]), token[1] == "s")
            if len(token) > 2:
                sized.add((*combo, token[3:]))
            else:
                combos.add(combo)
        return cls(frozenset(combos), frozenset(sized))

    def offers(self, sizes, ranges, stocks) -> bool:
        """Whether one variant is of one of `sizes` (any when empty), in `ranges` and in `stocks` at once."""
        if sizes:
            return any(r in ranges and st in stocks and size in sizes for r, st, size in self.sized)
        return any(r in ranges and st in stocks for r, st in self.combos)


ALL_RANGES = frozenset(range(len(PRICE_RANGES)))
ALL_STOCKS = frozenset({True, False})


def _ranges(choice: FacetChoice) -> frozenset:
    keys = [key for key, _, _ in PRICE_RANGES]
    return frozenset({keys.index(choice.price)}) if choice.price else ALL_RANGES


def _stocks(choice: FacetChoice) -> frozenset:
    return frozenset({True}) if choice.in_stock else ALL_STOCKS


def _filter_tokens(choice: FacetChoice) -> list[str]:
    """The tokens of which a product must have one to meet the choice (an array overlap)."""
    base = [f"{r}{'s' if st else 'o'}" for r in sorted(_ranges(choice)) for st in sorted(_stocks(choice))]
    return [f"{b}:{size}" for b in base for size in choice.sizes] if choice.sizes else base


@dataclass
class _Summary:
    """The matches' signatures with how many products have each, and each size's place in the shop's order."""

    groups: list[tuple[_Signature, int]]
    size_order: dict[str, int]
    counted: bool = False  # one group holding the count of the matches that meet the choice, no facets

    def count(self, choice: FacetChoice) -> int:
        if not choice.active or self.counted:
            return sum(n for _, n in self.groups)
        sizes, ranges, stocks = set(choice.sizes), _ranges(choice), _stocks(choice)
        return sum(n for signature, n in self.groups if signature.offers(sizes, ranges, stocks))

    def facets(self, choice: FacetChoice, currency: str) -> Facets:
        """The same counts as `_facets`: each facet counted with the other facets' choices applied."""
        sizes, ranges, stocks = set(choice.sizes), _ranges(choice), _stocks(choice)
        per_size: dict[str, int] = {}
        per_range = [0] * len(PRICE_RANGES)
        stocked = 0
        for signature, n in self.groups:
            for size in {size for r, st, size in signature.sized if r in ranges and st in stocks}:
                per_size[size] = per_size.get(size, 0) + n
            for index in range(len(PRICE_RANGES)):
                if signature.offers(sizes, frozenset({index}), stocks):
                    per_range[index] += n
            if signature.offers(sizes, ranges, frozenset({True})):
                stocked += n
        ordered = sorted(per_size, key=lambda size: (self.size_order.get(size, 0), size))
        size_values = [FacetValue(size, size, per_size[size], size in sizes) for size in ordered]
        size_values += [FacetValue(size, size, 0, True) for size in choice.sizes if size not in per_size]
        prices = [FacetValue(key, _price_label(key, currency), per_range[index], key == choice.price)
                  for index, (key, _, _) in enumerate(PRICE_RANGES)]
        return Facets(sizes=size_values, prices=prices,
                      in_stock=FacetValue("1", "In stock", stocked, choice.in_stock))


CHOSEN_SIGNATURES = "SELECT id FROM catalog_search_signature WHERE tokens && %s::text[]"


def _index_scope(terms: list[str], category_id) -> tuple[str, str, list]:
    """FROM and WHERE of the matching index rows: active, in the category if given, every term matched."""
    if terms:
        source, where, params = "catalog_product_search s, to_tsquery('simple', %s) q", \
            "s.document @@ q AND s.is_active", [_tsquery(terms)]
    else:
        source, where, params = "catalog_product_search s", "s.is_active", []
    if category_id is not None:
        where, params = where + " AND s.category_id = %s", [*params, category_id]
    return source, where, params


def _index_sort(terms: list[str], sort: str) -> str:
    return sort if sort in INDEX_ORDER and (sort != "relevance" or terms) else "name"


def _index_search(terms, category_id, choice: FacetChoice, sort: str, offset: int, limit: int, *, grouped: bool):
    """One statement: the matches' signatures grouped with each size's place in the shop's order (or, not
    `grouped`, only the count of those meeting the choice), and one page of ids. Returns (groups, sizes, ids)."""
    source, where, params = _index_scope(terms, category_id)
    sort = _index_sort(terms, sort)
    chosen = f"signature IN ({CHOSEN_SIGNATURES})"
    page_where, page_params = (f"WHERE {chosen}", [_filter_tokens(choice)]) if choice.active else ("", [])
    # The matches are read once and used twice; but a category page without a filter, in name order, reads its
    # page straight from the listing index.
    listing = not terms and not choice.active and sort == "name" and category_id is not None
    materialized = "NOT MATERIALIZED" if listing else "MATERIALIZED"
    matches = (f"m AS {materialized} (SELECT s.product_id, s.signature, {INDEX_SORT_COLUMNS[sort]} "
               f"FROM {source} WHERE {where})")
    page = (f"(SELECT NULL, NULL, product_id, NULL FROM m {page_where} ORDER BY {INDEX_ORDER[sort][0]} "
            "LIMIT %s OFFSET %s)")
    if grouped:
        sql = (
            f"WITH {matches}, g AS MATERIALIZED (SELECT d.tokens, c.n FROM (SELECT signature, count(*) AS n FROM m "
            "GROUP BY signature) AS c JOIN catalog_search_signature d ON d.id = c.signature) "
            "SELECT tokens, n, NULL::integer, NULL::text FROM g "
            f"UNION ALL {page} "
            "UNION ALL SELECT NULL, (SELECT min(v.position) FROM catalog_variant v WHERE v.size = x.size), NULL, "
            "x.size FROM (SELECT DISTINCT substr(t, 4) AS size FROM g, unnest(g.tokens) AS t WHERE length(t) > 2) x"
        )
        all_params = [*params, *page_params, limit, offset]
    else:
        count_where = f"WHERE {chosen}" if choice.active else ""
        sql = (f"WITH {matches} SELECT NULL::text[], count(*), NULL::integer, NULL::text FROM m {count_where} "
               f"UNION ALL {page}")
        all_params = [*params, *page_params, *page_params, limit, offset]
    groups, sizes, ids = [], {}, []
    for facets, n, product_id, size in _fetch(sql, all_params):
        if size is not None:
            sizes[size] = n or 0
        elif product_id is not None:
            ids.append(product_id)
        else:
            groups.append((tuple(facets or ()), n))
    return groups, sizes, ids


def _index_page(terms, category_id, choice: FacetChoice, sort: str, offset: int, limit: int) -> list[int]:
    source, where, params = _index_scope(terms, category_id)
    if choice.active:
        where, params = where + f" AND s.signature IN ({CHOSEN_SIGNATURES})", [*params, _filter_tokens(choice)]
    sql = (f"SELECT s.product_id FROM {source} WHERE {where} ORDER BY {INDEX_ORDER[_index_sort(terms, sort)][1]} "
           "LIMIT %s OFFSET %s")
    return [row[0] for row in _fetch(sql, [*params, limit, offset])]


class _LazyResults:
    """A result list for Paginator: `_count` once, then `_page(offset, limit)` for only the asked-for page."""

    _count: int

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item: slice) -> list[Product]:
        offset, limit = item.start or 0, (item.stop or self._count) - (item.start or 0)
        return self._page(offset, limit) if limit > 0 else []

    def _page(self, offset: int, limit: int) -> list[Product]:
        raise NotImplementedError


class _IndexHits(_LazyResults):
    """PostgreSQL's result list for Paginator: the summary (count and facets) and the wanted page come from one
    statement; another page from a second. Without facets (`grouped` False) the summary is only the count."""

    def __init__(self, *, terms, category_id, choice: FacetChoice, sort: str, key: str, first: slice, grouped: bool):
        self.terms, self.category_id, self.choice, self.sort, self.key = terms, category_id, choice, sort, key
        self.first, self.grouped = first, grouped

    def _page_key(self, offset: int, limit: int) -> str:
        choice = self.choice
        return f"{self.key}:{_digest((choice.sizes, choice.price, choice.in_stock))}:{self.sort}:{offset}:{limit}"

    @cached_property
    def summary(self) -> _Summary:
        key = f"{self.key}:summary" if self.grouped else f"{self._page_key(0, 0)}:count"
        stored = cache.get(key)
        if stored is None:
            offset, limit = self.first.start, self.first.stop - self.first.start
            groups, sizes, ids = _index_search(self.terms, self.category_id, self.choice, self.sort, offset, limit,
                                               grouped=self.grouped)
            stored = (groups, sizes)
            cache.set(key, stored, CACHE_SECONDS)
            cache.set(self._page_key(offset, limit), ids, CACHE_SECONDS)
        groups, size_order = stored
        if not self.grouped:
            return _Summary([(_Signature(frozenset(), frozenset()), groups[0][1])], {}, counted=True)
        return _Summary([(_Signature.parse(tokens), n) for tokens, n in groups], size_order)

    @cached_property
    def _count(self) -> int:
        return self.summary.count(self.choice)

    def _page(self, offset: int, limit: int) -> list[Product]:
        key = self._page_key(offset, limit)
        # The page's products ready for tiles, under the same version as their ids.
        return _cached(f"{key}:products", lambda: products_annotated(_cached(key, lambda: _index_page(
            self.terms, self.category_id, self.choice, self.sort, offset, limit))))


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
    return cache.get_or_set(key, compute, CACHE_SECONDS)


class _Hits(_LazyResults):
    """SQLite's lazily sliced result list for Paginator: counts once, then loads only the asked-for page."""

    def __init__(self, *, scope: QuerySet, matched: QuerySet, terms: list[str], sort: str, key: str):
        self.scope, self.matched, self.terms, self.sort, self.key = scope, matched, terms, sort, key

    @cached_property
    def _count(self) -> int:
        return _cached(f"{self.key}:count", self.matched.count)

    def _page(self, offset: int, limit: int) -> list[Product]:
        key = f"{self.key}:{self.sort}:{offset}:{limit}"
        # The page's products with their prices and stock, ready for tiles, under the same version as their ids:
        # any write to a product, variant or category moves it on.
        return _cached(f"{key}:products", lambda: products_annotated(_cached(key, lambda: self._ids(offset, limit))))

    def _ids(self, offset: int, limit: int) -> list[int]:
        if self.sort == "relevance" and self.terms:
            return _ranked_ids(self.terms, self.scope, offset, limit)
        order = SORTS.get(self.sort, SORTS["name"])[0]
        order = "name" if order == "relevance" else order
        if order in ("min_price", "-min_price"):
            ordered = self.matched.annotate(min_price=Min("variants__price"))
        else:
            ordered = self.matched
        return list(ordered.order_by(order, "id").values_list("id", flat=True)[offset:offset + limit])


def _digest(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _cache_key(version: int, *parts) -> str:
    return f"catalog:search:{connection.vendor}:{version}:{_digest(parts)}"


def _first_page(page, page_size: int) -> slice:
    """The rows of the page asked for, as Paginator.get_page will read them when it is in range."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    return slice((number - 1) * page_size, number * page_size)


def _run(terms, *, category, choice, sort, page, page_size, version, currency, with_facets):
    """The page and a function giving the facets."""
    category_id = category.pk if category is not None else None
    if connection.vendor == "postgresql":
        hits = _IndexHits(terms=terms, category_id=category_id, choice=choice, sort=sort,
                          key=_cache_key(version, terms, category_id), first=_first_page(page, page_size),
                          grouped=with_facets)
        return Paginator(hits, page_size).get_page(page), lambda: hits.summary.facets(choice, currency)
    scope = Product.objects.filter(is_active=True)
    if category is not None:
        scope = scope.filter(category=category)
    everything = scope
    if terms:
        sql, params = _match_sql(terms)
        everything = scope.filter(id__in=RawSQL(sql, params))
    scope = _with_variant(scope, _variant_q(choice))
    matched = _with_variant(everything, _variant_q(choice))
    key = _cache_key(version, terms, category_id, choice.sizes, choice.price, choice.in_stock)
    hits = _Hits(scope=scope, matched=matched, terms=terms, sort=sort, key=key)
    page = Paginator(hits, page_size).get_page(page)
    return page, lambda: _cached(f"{key}:facets", lambda: _facets(everything, choice, currency))


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
               "version": version, "currency": currency, "with_facets": with_facets}
    result_page, facets = _run(terms, **options)
    suggestion, corrected = "", False
    if terms and result_page.paginator.count == 0:
        better = _cached(_cache_key(version, "suggestion", terms), lambda: spelling_suggestion(terms))
        if better:
            suggested_page, suggested_facets = _run(better, **options)
            if suggested_page.paginator.count:
                suggestion, corrected = " ".join(better), True
                result_page, facets = suggested_page, suggested_facets
    return SearchResult(
        query=query,
        terms=terms,
        page=result_page,
        facets=facets() if with_facets else Facets(),
        choice=choice,
        sort=sort,
        suggestion=suggestion,
        corrected=corrected,
    )
