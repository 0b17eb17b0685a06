"""The page cache stays exact across processes: two `shopkeep serve` sharing one database (SQLite, or PostgreSQL in
the PostgreSQL pass) and Redis, or only the database with a local-memory cache each, show a price changed from
`shopkeep shell` on the very next request."""

import os
import subprocess
import sys

import pytest

from tests.ops.processes import REPO, free_port, get, responds, shopkeep, shopkeep_env, wait_until
from tests.ops.test_scale_out import database_url  # noqa: F401 (a fixture)
from tests.ops.test_serve import redis_url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.xdist_group("serve")

CREATE = """
from shopkeep.catalog.models import Category, Product, Variant
category = Category.objects.create(name="Socks", slug="socks")
product = Product.objects.create(name="Harbour socks", slug="harbour-socks", category=category, kind="socks",
                                 description="Warm.")
Variant.objects.create(product=product, sku="HS-1", price="12.50", currency="EUR", stock=5)
"""
REPRICE = """
from shopkeep.catalog.models import Variant
variant = Variant.objects.get(sku="HS-1")
variant.price = "17.00"
variant.save()
"""


@pytest.fixture(params=["redis", "database"])
def shop_env(request, tmp_path):
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path / "data"), SHOPKEEP_PAGE_CACHE="true")
    if os.environ.get("SHOPKEEP_DATABASE_URL", "").startswith("postgres"):  # the PostgreSQL pass
        env["SHOPKEEP_DATABASE_URL"] = request.getfixturevalue("database_url")
    if request.param == "redis":
        env["SHOPKEEP_REDIS_URL"] = request.getfixturevalue("redis_url")
    result = shopkeep("migrate", "--verbosity", "0", env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    result = shopkeep("shell", "-c", CREATE, env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def two_shops(shop_env, tmp_path):
    """Two `shopkeep serve` processes on two ports over the same database; yield their base addresses."""
    processes, bases, logs = [], [], []
    try:
        for number in (1, 2):
            port = free_port()
            log = tmp_path / f"serve-{number}.log"
            with open(log, "w") as output:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "shopkeep", "serve", "--port", str(port), "--workers", "1"],
                    env=shop_env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT,
                ))
            bases.append(f"http://127.0.0.1:{port}")
            logs.append(log)
        for base, log in zip(bases, logs, strict=True):
            assert wait_until(lambda base=base: responds(f"{base}/healthz"), timeout=120), log.read_text()
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_price_changed_from_the_shell_is_on_the_next_request_through_both_processes(two_shops, shop_env):
    # given: both processes have the product page in their cache
    for base in two_shops:
        for _ in range(2):
            status, body = get(f"{base}/p/harbour-socks/")
            assert status == 200 and "€12.50" in body.decode()

    # when
    result = shopkeep("shell", "-c", REPRICE, env=shop_env)
    assert result.returncode == 0, result.stderr

    # then
    for base in two_shops:
        status, body = get(f"{base}/p/harbour-socks/")
        assert status == 200
        assert "€17.00" in body.decode() and "€12.50" not in body.decode()
