"""Page throughput of the shop against two floor pages, measured in the same run.

A temporary SQLite shop (demo data plus BENCH_PRODUCTS synthetic products) is served by
`shopkeep serve` (2 gunicorn sync workers + the task worker); a bare Django project
(bench/floor) serves the floor pages `hello` (1 KB, no database) and `rows` (20 rows from
SQLite through a template), also with 2 sync workers. `wrk -t2 -c16` runs against each page
on loopback. Prints figures; asserts nothing; stops its servers.

The shop runs twice on the same data, with the page cache on and then off (SHOPKEEP_PAGE_CACHE), so one
run shows every page cached and uncached beside its DESIGN.md target ("met" or the shortfall).

Environment: BENCH_DURATION (seconds per page, default 10), BENCH_PRODUCTS (default 2000), BENCH_PAGE_CACHE
(`both`, the default, or `true` or `false` for one mode only).
"""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 2
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "both")
MODES = {"both": ["true", "false"], "true": ["true"], "false": ["false"]}[PAGE_CACHE]
THREADS, CONNECTIONS, WEB_WORKERS = 2, 16, 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

ADD_TO_CART_LUA = """\
wrk.method = "POST"
wrk.body = "sku={sku}&quantity=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
"""


def base_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHOPKEEP_", "DJANGO_SETTINGS_MODULE"))}
    return env | {"PYTHONPATH": str(REPO)} | values


def run(command: list[str], *, env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench_pages: {' '.join(command[2:])} failed:\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str, *, data: bytes | None = None, headers: dict | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_ready(url: str, process: subprocess.Popen, *, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench_pages: the server for {url} exited with code {process.returncode}.")
        if status_of(url) == 200:
            return
        time.sleep(0.3)
    sys.exit(f"bench_pages: {url} did not answer within {timeout:.0f} s.")


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "w") as output:
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prepare_shop(data_dir: Path) -> tuple[dict[str, str], str, str, str]:
    """Migrate and seed a shop in `data_dir`; return its env, a listing path, a product slug and a SKU."""
    env = base_env(SHOPKEEP_DATA_DIR=str(data_dir))
    shopkeep = [sys.executable, "-m", "shopkeep"]
    run(shopkeep + ["migrate", "--verbosity", "0"], env=env)
    run(shopkeep + ["seed_demo"], env=env)
    listing = "/c/socks/"
    if PRODUCTS > 0:
        seeded = run(shopkeep + ["seed", "--products", str(PRODUCTS), "--categories", "4"], env=env)
        print(seeded.strip().splitlines()[-1])
        listing = "/c/bench-1/"
    with sqlite3.connect(data_dir / "shopkeep.sqlite3") as database:
        (slug,) = database.execute(
            "SELECT p.slug FROM catalog_product p JOIN catalog_category c ON c.id = p.category_id "
            "WHERE c.slug = 'socks' ORDER BY p.name LIMIT 1"
        ).fetchone()
        (sku,) = database.execute("SELECT sku FROM catalog_variant ORDER BY stock DESC, id LIMIT 1").fetchone()
    return env, listing, slug, sku


def prepare_floor(data_dir: Path) -> dict[str, str]:
    """Create the floor project's SQLite database with 100 rows; return its env."""
    env = base_env(DJANGO_SETTINGS_MODULE="bench.floor.settings", BENCH_FLOOR_DB=str(data_dir / "floor.sqlite3"))
    run([sys.executable, "-m", "django", "migrate", "--run-syncdb", "--verbosity", "0"], env=env)
    with sqlite3.connect(data_dir / "floor.sqlite3") as database:
        database.executemany(
            "INSERT INTO floor_row (name, price) VALUES (?, ?)",
            [(f"Row number {i}", f"{i * 1.25:.2f}") for i in range(100)],
        )
    return env


def wrk(url: str, *, duration: int, script: Path | None = None) -> dict:
    """Run wrk against `url`; return req/s, latencies (ms), requests and error counts."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60).stdout

    def millis(pattern: str) -> float:
        match = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", output)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "avg": millis(r"Latency"),
        "p50": millis(r"50%"),
        "p99": millis(r"99%"),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def shop_rss(serve_pid: int) -> list[tuple[str, float]]:
    """RSS of `shopkeep serve` itself, of each gunicorn web worker and of the other processes under it."""
    sizes = [(f"supervisor {serve_pid}", rss_mib(serve_pid))]
    for child in children(serve_pid):
        if "gunicorn" in cmdline(child):
            sizes += [(f"web worker {pid}", rss_mib(pid)) for pid in children(child)]
        else:
            sizes.append((f"{cmdline(child).split()[-1]} {child}", rss_mib(child)))
    return sizes


# DESIGN.md's targets: (floor page, least ratio), by page and mode.
TARGETS = {
    ("home page", "cached"): ("hello", 0.5), ("home page", "uncached"): ("rows", 0.5),
    ("catalogue list", "cached"): ("hello", 0.5), ("catalogue list", "uncached"): ("rows", 0.5),
    ("product page", "cached"): ("hello", 0.5), ("product page", "uncached"): ("rows", 1.0),
    ("add to cart", "uncached"): ("rows", 1.0),
}


def target_text(name: str, result: dict, floors: dict[str, float]) -> str:
    """'met (>= 0.5x hello)' or the shortfall, for a row whose page has a DESIGN.md target; '' otherwise."""
    mode = "cached" if name.endswith("[cached]") else "uncached"
    key = next((page for page, page_mode in TARGETS if name.startswith(page) and page_mode == mode), None)
    if key is None:
        return ""
    floor, least = TARGETS[(key, mode)]
    ratio = result["rps"] / floors[floor]
    errors = result["non_2xx_3xx"] + result["socket_errors"]
    if key == "add to cart" and errors:
        return f"NOT met: {errors} errors (>= {least}x {floor}, 0 errors)"
    return f"{'met' if ratio >= least else 'NOT met'} (>= {least}x {floor})"


def report(results: list[tuple[str, dict]]) -> None:
    floors = {
        "hello": next((r["rps"] for name, r in results if name.startswith("hello")), 0) or float("nan"),
        "rows": next((r["rps"] for name, r in results if name.startswith("rows")), 0) or float("nan"),
    }
    print(f"\n{'page':<44}{'req/s':>9}{'avg ms':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'x hello':>9}{'x rows':>8}"
          "  target")
    for name, r in results:
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        print(
            f"{name:<44}{r['rps']:>9.1f}{r['avg']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}{errors:>8}"
            f"{r['rps'] / floors['hello']:>9.2f}{r['rps'] / floors['rows']:>8.2f}  {target_text(name, r, floors)}"
        )
    print("errors = responses other than 2xx/3xx plus socket errors (connect, read, write, timeout)")


def measure(name: str, url: str, script: Path | None, sku: str) -> dict | None:
    """Warm up, then run wrk against one page; None (and a line saying why) when the page does not answer right."""
    if script is None and status_of(url) != 200:
        print(f"{name}: {url} answers {status_of(url)}, not 200; skipped")
        return None
    if script is not None:
        form = f"sku={sku}&quantity=1".encode()
        answer = status_of(url, data=form, headers={"Sec-Fetch-Site": "same-origin"})
        if answer not in (302, 303):
            print(f"{name}: {url} answers {answer}, not a redirect to the cart; skipped")
            return None
    wrk(url, duration=WARMUP, script=script)
    result = wrk(url, duration=DURATION, script=script)
    print(f"  {name}: {result['rps']:.1f} req/s", flush=True)
    return result


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("bench_pages: wrk is not installed (Debian: apt-get install wrk).")
    data_dir = Path(tempfile.mkdtemp(prefix="shopkeep-bench-"))
    processes: list[subprocess.Popen] = []
    try:
        started = time.monotonic()
        shop_env, listing, slug, sku = prepare_shop(data_dir)
        floor_env = prepare_floor(data_dir)
        floor_port = free_port()
        floor = start(
            [sys.executable, "-m", "gunicorn", "bench.floor.wsgi:application", "--bind", f"127.0.0.1:{floor_port}",
             "--workers", str(WEB_WORKERS), "--worker-class", "sync", "--no-control-socket"],
            env=floor_env,
            log=data_dir / "floor.log",
        )
        processes.append(floor)
        floor_url = f"http://127.0.0.1:{floor_port}"
        wait_ready(f"{floor_url}/hello", floor)
        print(f"set-up: {time.monotonic() - started:.0f} s; {os.cpu_count()} CPUs; wrk -t{THREADS} -c{CONNECTIONS} "
              f"-d{DURATION}s; {WEB_WORKERS} sync workers each; SQLite; page cache {' then '.join(MODES)}")
        lua = data_dir / "add_to_cart.lua"
        lua.write_text(ADD_TO_CART_LUA.format(sku=sku))
        results = []
        for name, url in (("hello (floor)", f"{floor_url}/hello"), ("rows (floor)", f"{floor_url}/rows")):
            if (result := measure(name, url, None, sku)) is not None:
                results.append((name, result))
        for mode in MODES:
            label = "cached" if mode == "true" else "uncached"
            shop_port = free_port()
            shop = start(
                [sys.executable, "-m", "shopkeep", "serve", "--port", str(shop_port), "--workers", str(WEB_WORKERS)],
                env=shop_env | {"SHOPKEEP_PAGE_CACHE": mode},
                log=data_dir / f"serve-{label}.log",
            )
            processes.append(shop)
            shop_url = f"http://127.0.0.1:{shop_port}"
            wait_ready(f"{shop_url}/healthz", shop)
            targets = [
                (f"home page [{label}]", f"{shop_url}/", None),
                (f"catalogue list {listing} [{label}]", f"{shop_url}{listing}", None),
                (f"product page [{label}]", f"{shop_url}/p/{slug}/", None),
            ]
            if label == "uncached" or len(MODES) == 1:  # a POST is never cached: measured once
                targets.append(("add to cart (POST, new cart)", f"{shop_url}/cart/add/", lua))
            for name, url, script in targets:
                if (result := measure(name, url, script, sku)) is not None:
                    results.append((name, result))
            print(f"RSS after the {label} pages (MiB): "
                  + ", ".join(f"{name} {size:.1f}" for name, size in shop_rss(shop.pid)), flush=True)
            stop(shop)
            processes.remove(shop)
        report(results)
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
