"""Benchmark of the cookieless statistics (printed, not asserted).

1. Median latency the recording middleware adds to a request (target: under 0.5 ms).
2. Cost of a flush per page view (work done by the background flusher, off the request path).
3. Dashboard render time over 10 million seeded page views in daily roll-ups (target: under 300 ms).

Runs on a scratch SQLite database in a temporary data directory, or on the database named by
SHOPKEEP_DATABASE_URL when it is set. Usage: .venv/bin/python bench/bench_analytics.py [--views N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def setup() -> None:
    os.environ.setdefault("SHOPKEEP_DATA_DIR", tempfile.mkdtemp(prefix="shopkeep-bench-analytics-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopkeep.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.SHOPKEEP_ANALYTICS_FLUSH_INTERVAL = 0  # measure the request path alone; flushes are timed apart
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def middleware_latency(rounds: int = 20_000) -> tuple[float, float]:
    """Median ns of a request through a trivial view, with and without the recording middleware."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve

    from shopkeep.analytics.middleware import AnalyticsMiddleware
    from shopkeep.analytics.recorder import recorder

    response = HttpResponse("<p>hello</p>")
    factory = RequestFactory()
    user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"

    def view(request):
        return response

    recorded = AnalyticsMiddleware(view)
    match = resolve("/")
    samples = {"bare": [], "recorded": []}
    for n in range(rounds):
        request = factory.get("/?utm_source=newsletter", REMOTE_ADDR=f"81.2.{n % 250}.7", HTTP_USER_AGENT=user_agent,
                              HTTP_REFERER="https://www.google.com/")
        request.resolver_match = match
        for name, handler in (("bare", view), ("recorded", recorded)):
            began = time.perf_counter_ns()
            handler(request)
            samples[name].append(time.perf_counter_ns() - began)
        if len(recorder.events) > 10_000:
            recorder.drain()
    recorder.drain()
    return statistics.median(samples["bare"]), statistics.median(samples["recorded"])


def flush_cost(events: int = 20_000) -> float:
    """Microseconds of flush work per buffered page view (varied addresses, agents and pages)."""
    from shopkeep.analytics.recorder import PageView, recorder
    from shopkeep.analytics.services import pageviews_flush

    agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
    ]
    from shopkeep.analytics.agents import agent_classify
    from shopkeep.analytics.countries import country_of

    agent_classify(agents[0] + " warm-up")  # load ua-parser's rules and the country table first
    country_of("81.2.69.160")
    now = time.time()
    began = time.perf_counter()
    for batch in range(events // 500):
        for n in range(500):
            i = batch * 500 + n
            recorder.append(PageView(now, f"/p/product-{i % 150}/", "", "https://www.google.com/", "shop.example",
                                     f"81.{i % 200}.{i % 250}.{i % 7}", agents[i % 4], False))
        pageviews_flush()
    return (time.perf_counter() - began) / events * 1e6


def dashboard_render(views: int, rounds: int = 10) -> dict[str, float]:
    """Median ms to render the dashboard (30 and 90 days) after seeding `views` page views over 90 days."""
    from django.core.management import call_command
    from django.test import Client

    from shopkeep.testing.staff import staff_login

    began = time.perf_counter()
    call_command("seed_traffic", days=90, views=views, stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - began
    client = Client()
    # a marketing clerk signed in as staff sign in: password, authenticator code, practices acknowledged
    staff_login(client, "marketing", email="bench-marketing@example.com")
    results = {f"seed {views:,} page views (s)": seeded}
    for preset in ("30", "90"):
        client.get("/backoffice/stats/", {"preset": preset})  # warm templates and connections
        timings = []
        for _ in range(rounds):
            began = time.perf_counter()
            response = client.get("/backoffice/stats/", {"preset": preset})
            timings.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                sys.exit(f"bench_analytics: the statistics page answered {response.status_code}, not 200.")
        results[f"dashboard {preset} days (ms)"] = statistics.median(timings)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--views", type=int, default=10_000_000, help="page views to seed (default 10,000,000)")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"analytics benchmark on {connection.vendor}, Python {sys.version.split()[0]}")
    bare, recorded = middleware_latency()
    added = (recorded - bare) / 1e6
    print(f"  recording middleware: median added latency {added:.4f} ms per request (target < 0.5 ms)")
    print(f"  flush (off the request path): {flush_cost():.1f} µs per page view")
    for name, value in dashboard_render(args.views).items():
        target = " (target < 300 ms)" if "dashboard" in name else ""
        print(f"  {name}: {value:.1f}{target}")


if __name__ == "__main__":
    main()
