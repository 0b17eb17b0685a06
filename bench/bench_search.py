"""Search latency over a large catalogue: `catalog.search.product_search` timed for typical queries.

Uses BENCH_SEARCH_DATABASE_URL or, unset, the database shopkeep_bench_search on BENCH_DATABASE_URL's
PostgreSQL server (default postgresql://postgres@127.0.0.1:5432; created once and kept, with its keys, for the
next run), or a temporary SQLite shop when that server cannot be reached. Tops the catalogue up to BENCH_SEARCH_PRODUCTS synthetic products with
`shopkeep seed` (default 100,000; an existing database that already has them is reused), then runs each
query BENCH_SEARCH_REPEAT times (default 20) in-process and prints p50, p95 and max per query and over all.
Each call is what a page needs: the count, one page of 24 tiles, the facet counts and, for a misspelling,
the suggestion; timed uncached (the cache emptied first) and cached (the same search again). Prints figures;
asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRODUCTS = int(os.environ.get("BENCH_SEARCH_PRODUCTS", "100000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "20"))
DATABASE_URL = os.environ.get("BENCH_SEARCH_DATABASE_URL", "")
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
KEPT_DATABASE = "shopkeep_bench_search"  # kept between runs: seeding 100,000 products takes minutes


def default_database_url() -> str:
    """The PostgreSQL database the target is stated for, created once on BENCH_DATABASE_URL's server; '' (a
    temporary SQLite shop) when that server cannot be reached."""
    try:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [KEPT_DATABASE]).fetchone():
                admin.execute(f'CREATE DATABASE "{KEPT_DATABASE}"')
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"PostgreSQL at {SERVER} is not reachable ({error.__class__.__name__}); using SQLite.")
        return ""
    return f"{SERVER}/{KEPT_DATABASE}"


def setup() -> None:
    global DATABASE_URL
    DATABASE_URL = DATABASE_URL or default_database_url()
    for name in [key for key in os.environ if key.startswith("SHOPKEEP_")]:
        del os.environ[name]
    if DATABASE_URL:
        # The database is reused between runs: so is the data directory holding the keys it was set up with.
        data_dir = Path(tempfile.gettempdir()) / f"shopkeep-bench-search-{DATABASE_URL.rsplit('/', 1)[-1]}"
        data_dir.mkdir(exist_ok=True)
        os.environ["SHOPKEEP_DATA_DIR"] = str(data_dir)
        os.environ["SHOPKEEP_DATABASE_URL"] = DATABASE_URL
    else:
        os.environ["SHOPKEEP_DATA_DIR"] = tempfile.mkdtemp(prefix="shopkeep-bench-search-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "shopkeep.settings"
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from shopkeep.catalog.models import Category, Product
    from shopkeep.catalog.search import FacetChoice, product_search

    call_command("migrate", verbosity=0)
    have = Product.objects.count()
    if have < PRODUCTS:
        print(f"Seeding {PRODUCTS - have:,} products ({connection.vendor}) …", flush=True)
        call_command("seed", products=PRODUCTS - have, verbosity=0)
    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE catalog_product")
            cursor.execute("VACUUM ANALYZE catalog_variant")
            cursor.execute("VACUUM ANALYZE catalog_product_search")
    category = Category.objects.filter(slug="bench-1").first() or Category.objects.first()
    cases = [
        ("one word: socks", lambda: product_search("socks")),
        ("prefix: soc", lambda: product_search("soc")),
        ("two words: merino socks", lambda: product_search("merino socks")),
        ("rare words: cashmere knee", lambda: product_search("cashmere knee")),
        ("typo: sokcs", lambda: product_search("sokcs")),
        ("no match: unicorn", lambda: product_search("unicorn")),
        ("facets: socks, size M, in stock", lambda: product_search(
            "socks", facets=FacetChoice(sizes=("M 39–42",), in_stock=True))),
        ("sorted by price: trainers", lambda: product_search("trainers", sort="price")),
        ("category page", lambda: product_search("", category=category)),
        ("category page, 20-50, in stock", lambda: product_search(
            "", category=category, facets=FacetChoice(price="20-50", in_stock=True))),
    ]
    print(f"{Product.objects.count():,} products on {connection.vendor}; {REPEAT} runs per query each way "
          "(after one warm-up); milliseconds per call; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    print("uncached: the cache emptied before every call; cached: the same search again, catalogue unchanged")
    print(f"{'query':<34} {'found':>7} {'uncached p50':>13} {'p95':>7} {'max':>7} {'cached p50':>11} {'p95':>7}")
    cold_all, warm_all = [], []

    def timed(run, *, clear: bool) -> float:
        if clear:
            cache.clear()
        started = time.perf_counter()
        result = run()
        list(result.page.object_list)
        return (time.perf_counter() - started) * 1000

    for label, run in cases:
        result = run()
        cold = [timed(run, clear=True) for _ in range(REPEAT)]
        warm = [timed(run, clear=False) for _ in range(REPEAT)]
        cold_all += cold
        warm_all += warm
        print(f"{label:<34} {result.count:>7,} {statistics.median(cold):>13.1f} {percentile(cold, 0.95):>7.1f} "
              f"{max(cold):>7.1f} {statistics.median(warm):>11.1f} {percentile(warm, 0.95):>7.1f}", flush=True)
    print(f"{'all queries':<34} {'':>7} {statistics.median(cold_all):>13.1f} {percentile(cold_all, 0.95):>7.1f} "
          f"{max(cold_all):>7.1f} {statistics.median(warm_all):>11.1f} {percentile(warm_all, 0.95):>7.1f}")
    worst = max(percentile(cold, 0.95) for cold in [cold_all[i:i + REPEAT] for i in range(0, len(cold_all), REPEAT)])
    verdict = "met" if worst < 50 else "NOT met"
    print(f"target (DESIGN.md): p95 under 50 ms over 100,000 products on PostgreSQL; worst uncached query p95 "
          f"{worst:.1f} ms on {connection.vendor} with {Product.objects.count():,} products: {verdict}"
          + ("" if connection.vendor == "postgresql" and Product.objects.count() >= 100_000 else
             " (not the stated conditions)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
