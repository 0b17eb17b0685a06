"""Checkout throughput, the race for the last units, memory, and a soak: on PostgreSQL when it is reachable.

A temporary shop (PostgreSQL scratch database at BENCH_DATABASE_URL's server, default
postgresql://postgres@127.0.0.1:5432, or SQLite when PostgreSQL is not reachable) is served by
`shopkeep serve --workers 2`. Then, all on loopback and bounded:
1. checkouts end to end through the API (cart, line, shipping method, card token at the sandbox
   gateway, checkout) from BENCH_CLIENTS threads for BENCH_DURATION seconds: orders/s and errors;
2. 200 checkouts started at once for the last 10 units: how many orders (must be 10);
3. RSS of every process under `shopkeep serve`, the supervisor itself included;
4. the soak: BENCH_SOAK seconds (default 300) of mixed traffic with wrk (pages, search, add to cart):
   5xx count and web-worker memory before and after.
Prints figures; asserts nothing; stops its servers and drops its database (named BENCH_DATABASE_PREFIX, default
`shopkeep_bench`, plus the process id and a random suffix).
"""

import concurrent.futures
import datetime as dt
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_pages import base_env, children, cmdline, free_port, rss_mib, run, start, stop, wait_ready, wrk

REPO = Path(__file__).resolve().parents[1]
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SOAK = int(os.environ.get("BENCH_SOAK", "300"))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
# The scratch database is named <prefix>_<pid>_<random>, so runs sharing a server never meet.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "shopkeep_bench")
RACERS, LAST_UNITS = 200, 10

SOAK_LUA = """\
local paths = {{"/", "/c/socks/", "/p/{slug}/", "/search/?q=socks", "/help/", "/privacy/"}}
local n = 0
request = function()
  n = n + 1
  if n % 10 == 0 then
    return wrk.format("POST", "/cart/add/", {{["Content-Type"] = "application/x-www-form-urlencoded",
      ["Sec-Fetch-Site"] = "same-origin"}}, "sku={sku}&quantity=1")
  end
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


def call(method: str, url: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        return 0, {}


def checkout(base: str, sku: str, n: int) -> int:
    """One whole checkout through the API; the HTTP status of its last step (0 when a step failed)."""
    status, cart = call("POST", f"{base}/api/v1/carts")
    if status != 201:
        return status or -1
    token = cart["token"]
    status, _ = call("POST", f"{base}/api/v1/carts/{token}/lines", {"sku": sku, "quantity": 1})
    if status not in (200, 201):
        return status
    status, methods = call("GET", f"{base}/api/v1/shipping-methods?country=DE")
    if status != 200:
        return status
    status, card = call("POST", f"{base}/sandbox-gateway/tokens", {
        "number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": dt.date.today().year + 3, "cvc": "737",
        "postal_code": "10115"})
    if status != 201:
        return status
    status, _ = call("POST", f"{base}/api/v1/carts/{token}/checkout", {
        "email": f"bench{n}@example.com", "shipping_method": methods[0]["code"], "payment_token": card["token"],
        "newsletter": False, "shipping_address": {"name": f"Bench Customer {n}", "line1": "Invalidenstraße 1",
                                                  "city": "Berlin", "postal_code": "10115", "country": "DE"}})
    return status


def database_for(data_dir: Path) -> tuple[str, str | None]:
    """A scratch PostgreSQL database URL (and its name), or SQLite when PostgreSQL is not reachable."""
    try:
        import psycopg

        name = f"{DATABASE_PREFIX}_{os.getpid()}_{secrets.token_hex(4)}"
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"{SERVER}/{name}", name
    except Exception as error:  # no PostgreSQL here: say so and measure SQLite
        print(f"PostgreSQL not reachable at {SERVER} ({type(error).__name__}); measuring SQLite instead.")
        return f"sqlite:///{data_dir / 'shopkeep.sqlite3'}", None


def drop(name: str | None) -> None:
    if name:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(env: dict, *, units: int, slug: str) -> str:
    script = ("from shopkeep.catalog.tests.factories import category_create, product_with_sizes; "
              f"p = product_with_sizes(name='Bench {slug}', slug='{slug}', category=category_create(slug='c-{slug}'), "
              f"sizes={{'41-46': {units}}}, price='12.50'); print(p.variants.get().sku)")
    return run([sys.executable, "-m", "shopkeep", "shell", "-c", script], env=env).strip().splitlines()[-1]


def process_sizes(serve_pid: int) -> list[tuple[str, float]]:
    sizes = [("supervisor (shopkeep serve)", rss_mib(serve_pid))]
    for child in children(serve_pid):
        line = cmdline(child)
        if "gunicorn" in line:
            sizes.append(("gunicorn master", rss_mib(child)))
            sizes += [(f"web worker {pid}", rss_mib(pid)) for pid in children(child)]
        elif "upkeep" in line:
            sizes.append(("upkeep scheduler", rss_mib(child)))
        else:
            sizes.append(("task worker", rss_mib(child)))
    return sizes


def web_workers(serve_pid: int) -> list[int]:
    return [pid for child in children(serve_pid) if "gunicorn" in cmdline(child) for pid in children(child)]


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="shopkeep-bench-checkout-"))
    url, database = database_for(data_dir)
    shop = None
    try:
        env = base_env(SHOPKEEP_DATA_DIR=str(data_dir), SHOPKEEP_DATABASE_URL=url,
                       SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR="1000000", SHOPKEEP_RATE_LIMIT_EXEMPT="127.0.0.1")
        run([sys.executable, "-m", "shopkeep", "migrate", "--verbosity", "0"], env=env)
        run([sys.executable, "-m", "shopkeep", "seed_demo"], env=env)
        plenty = seed(env, units=1_000_000, slug="plenty")
        scarce = seed(env, units=LAST_UNITS, slug="scarce")
        port = free_port()
        shop = start([sys.executable, "-m", "shopkeep", "serve", "--port", str(port), "--workers", "2"],
                     env=env, log=data_dir / "serve.log")
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/healthz", shop, timeout=120)
        print(f"{'PostgreSQL' if database else 'SQLite'}; shopkeep serve --workers 2; {os.cpu_count()} CPUs; "
              f"{CLIENTS} client threads on the same machine")

        # 1. throughput
        for n in range(3):
            checkout(base, plenty, n)  # warm-up
        statuses, stop_at, lock = [], time.monotonic() + DURATION, threading.Lock()

        def client(k: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                status = checkout(base, plenty, 1000 * k + i)
                with lock:
                    statuses.append(status)
                i += 1

        began = time.monotonic()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        placed = statuses.count(201)
        print(f"checkout end to end: {placed / elapsed:.1f} orders/s ({placed} orders in {elapsed:.1f} s, "
              f"{len(statuses) - placed} errors; each order is 5 API requests)")

        # 2. the race for the last units
        with concurrent.futures.ThreadPoolExecutor(RACERS) as pool:
            outcomes = list(pool.map(lambda n: checkout(base, scarce, 10_000 + n), range(RACERS)))
        counts = {status: outcomes.count(status) for status in sorted(set(outcomes))}
        print(f"{RACERS} concurrent checkouts for the last {LAST_UNITS} units: {counts.get(201, 0)} orders placed; "
              f"answers {counts}")

        # 3. memory
        print("RSS (MiB): " + ", ".join(f"{name} {size:.1f}" for name, size in process_sizes(shop.pid)))

        # 4. soak
        if SOAK > 0 and shutil.which("wrk"):
            lua = data_dir / "soak.lua"
            lua.write_text(SOAK_LUA.format(slug="plenty", sku=plenty))
            before = {pid: rss_mib(pid) for pid in web_workers(shop.pid)}
            result = wrk(base + "/", duration=SOAK, script=lua)
            after = {pid: rss_mib(pid) for pid in web_workers(shop.pid)}
            growth = [100 * (after[pid] - before[pid]) / before[pid] for pid in before if pid in after]
            log = (data_dir / "serve.log").read_text(errors="replace")
            five_xx = len(re.findall(r'HTTP/1\.[01]" 5\d\d ', log))
            print(f"soak {SOAK} s mixed traffic: {result['rps']:.1f} req/s, {result['requests']} requests, "
                  f"non-2xx/3xx {result['non_2xx_3xx']}, socket errors {result['socket_errors']}, 5xx in the access "
                  f"log {five_xx}; web-worker RSS growth " + ", ".join(f"{g:+.1f}%" for g in growth)
                  + (" (a worker was recycled)" if len(growth) < len(before) else ""))
        elif SOAK > 0:
            print("soak skipped: wrk is not installed (apt-get install wrk)")
    finally:
        if shop:
            stop(shop)
        drop(database)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
