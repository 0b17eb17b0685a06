"""`shopkeep rotate_keys --retire-old` while `shopkeep serve` takes checkouts and shows orders: no request fails,
no restart is needed, and every row is readable afterwards (bounded load on loopback)."""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import urlsplit

import pytest

from tests.ops.processes import REPO, free_port, responds, shopkeep, shopkeep_env, wait_until

CUSTOMERS = 2  # threads, each placing orders and reading them back, one request at a time

SEED = (
    "from shopkeep.catalog.tests.factories import category_create, product_with_sizes; "
    "product_with_sizes(name='Stripy Wool Socks', slug='stripy-wool-socks', category=category_create(slug='socks'), "
    "sizes={'39-42': 100000}, price='12.50')"
)
READ_ALL = (
    "from shopkeep.privacy.rotation import encrypted_models, rows_under_other_keys; "
    "n = sum(len([getattr(row, f) for f in fields]) for model, fields in encrypted_models() "
    "for row in model._default_manager.all()); print(n, rows_under_other_keys())"
)


def call(method: str, url: str, body: dict | None = None) -> tuple[int, dict | str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read().decode(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def purchase(base: str, n: int) -> list[str]:
    """Buy a pair of socks through the API and open the order page; the failures, if any."""
    failures = []

    def check(what, status, body, expected=(200, 201)):
        if status not in expected:
            failures.append(f"{what}: {status} {str(body)[:200]}")
            return False
        return True

    status, found = call("GET", f"{base}/api/v1/products?q=stripy")
    if not check("products", status, found):
        return failures
    sku = found["results"][0]["variants"][0]["sku"]
    status, cart = call("POST", f"{base}/api/v1/carts", {})
    if not check("cart", status, cart):
        return failures
    token = cart["token"]
    status, body = call("POST", f"{base}/api/v1/carts/{token}/lines", {"sku": sku, "quantity": 1})
    check("line", status, body)
    status, card = call("POST", f"{base}/sandbox-gateway/tokens", {
        "number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": date.today().year + 3, "cvc": "737"})
    if not check("card", status, card):
        return failures
    status, placed = call("POST", f"{base}/api/v1/carts/{token}/checkout", {
        "email": f"customer{n}@example.com",
        "shipping_address": {"name": f"Customer {n}", "line1": f"{n} Drottninggatan", "city": "Stockholm",
                             "postal_code": "111 52", "country": "SE"},
        "shipping_method": "eu-standard", "payment_token": card["token"],
    })
    if not check("checkout", status, placed):
        return failures
    path = urlsplit(placed["confirmation_url"]).path + "?" + urlsplit(placed["confirmation_url"]).query
    try:
        with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
            page = response.read().decode()
            check("order page", response.status, "")
            if f"Customer {n}" not in page:
                failures.append("order page: the customer's name is missing")
    except urllib.error.HTTPError as error:
        failures.append(f"order page: {error.code}")
    return failures


@pytest.fixture
def shop(tmp_path):
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path / "var"), SHOPKEEP_ALLOWED_HOSTS="127.0.0.1,localhost")
    for args in (("migrate", "--verbosity", "0"), ("shell", "-c", SEED)):
        result = shopkeep(*args, env=env, timeout=180)
        assert result.returncode == 0, result.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        process = subprocess.Popen([sys.executable, "-m", "shopkeep", "serve", "--port", str(port), "--workers", "2"],
                                   env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: responds(f"{base}/healthz"), timeout=120), log.read_text()
        yield env, base, tmp_path / "var" / "keys", log
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_rotating_keys_while_serving_fails_no_request_and_leaves_every_row_readable(shop):
    # given: customers buying and reading their orders
    env, base, keys, log = shop
    failures, done, stop = [], [0], threading.Event()

    def customer(number: int):
        n = number * 100000
        while not stop.is_set():
            n += 1
            failures.extend(purchase(base, n))
            done[0] += 1

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(CUSTOMERS)]
    for thread in threads:
        thread.start()
    assert wait_until(lambda: done[0] >= 6 or failures, timeout=120), failures

    # when: the keys are rotated and the old one retired while they keep going
    rotated = shopkeep("rotate_keys", "--retire-old", "--batch-size", "5", env=env, timeout=300)
    during = done[0]
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    # then: no failed request, no restart, the old key is retired, every value reads under the new key
    assert failures == [], failures
    assert rotated.returncode == 0, rotated.stderr
    assert done[0] > during >= 6
    lines = rotated.stdout.splitlines()
    assert len(lines) == len(set(lines)), rotated.stdout  # each progress line is printed once
    assert "Retired 1 old key file(s) to keys/retired/ (no row uses them)." in rotated.stdout
    assert sorted(p.name for p in keys.glob("*.key")) == ["0002.key", "index.key"]
    read = shopkeep("shell", "-c", READ_ALL, env=env)
    assert read.returncode == 0, read.stderr
    values, under_old = map(int, read.stdout.splitlines()[-1].split())
    assert values > 0 and under_old == 0
    assert responds(f"{base}/healthz")
    assert "restarting" not in log.read_text()
