"""Scale-out, proven: PostgreSQL + Redis, two `shopkeep serve` behind nginx with TLS (deploy/nginx.conf).

A journey through nginx, whose round robin sends consecutive requests to different processes:
carts, orders, stock and unique visitors are shared correctly across them. Runs in the
PostgreSQL pass of `make test` (needs nginx and redis-server, which `.ci/run` installs).
"""

import concurrent.futures
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.ops.processes import REPO, free_port, shopkeep, shopkeep_env, wait_until

pytestmark = [pytest.mark.scale, pytest.mark.xdist_group("scale")]

DEPLOY_CONF = REPO / "deploy" / "nginx.conf"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
VISITORS = 6
UNITS = 3


def needs(program: str) -> str:
    path = shutil.which(program) or (f"/usr/sbin/{program}" if Path(f"/usr/sbin/{program}").exists() else None)
    if not path:
        pytest.skip(f"needs {program} (apt-get install {program}; .ci/run installs it)")
    return path


@pytest.fixture
def database_url():
    url = os.environ.get("SHOPKEEP_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("runs in the PostgreSQL pass (SHOPKEEP_DATABASE_URL=postgresql://…)")
    import psycopg

    server, name = url.rsplit("/", 1)[0], f"shopkeep_scale_{os.getpid()}"
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    server = subprocess.Popen([needs("redis-server"), "--port", str(port := free_port()), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost made for this test, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert, private = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    private.chmod(0o600)
    return cert, private


def site_config(*, https_port: int, http_port: int, upstreams: list[int], cert: Path, key: Path) -> str:
    """deploy/nginx.conf with this test's ports and certificate: every replaced line must be there."""
    text = DEPLOY_CONF.read_text()
    replacements = {
        "    server 127.0.0.1:8000;\n    server 127.0.0.1:8001;\n": "".join(f"    server 127.0.0.1:{port};\n"
                                                                     for port in upstreams),
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/shop.example/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/shop.example/privkey.pem": str(key),
        "server_name shop.example;": "server_name localhost 127.0.0.1;",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}; update this test with it"
        text = text.replace(old, new)
    return text


@pytest.fixture
def nginx(tmp_path):
    """Start nginx as this user with deploy/nginx.conf; yield a function that starts it for given upstreams."""
    binary = needs("nginx")
    processes = []

    def start(upstreams: list[int]) -> tuple[str, str]:
        prefix = tmp_path / "nginx"
        (prefix / "logs").mkdir(parents=True)
        cert, key = self_signed_certificate(prefix)
        https_port, http_port = free_port(), free_port()
        (prefix / "site.conf").write_text(site_config(https_port=https_port, http_port=http_port,
                                                      upstreams=upstreams, cert=cert, key=key))
        temp = "".join(f"    {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                              "uwsgi", "scgi"))
        (prefix / "nginx.conf").write_text(
            f"worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'logs' / 'error.log'};\n"
            f"events {{ worker_connections 256; }}\nhttp {{\n{temp}    include {prefix / 'site.conf'};\n}}\n")
        processes.append(subprocess.Popen([binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                           "-g", "daemon off;"], stderr=subprocess.PIPE))
        base = f"https://127.0.0.1:{https_port}"
        assert wait_until(lambda: _answers(base, cert), timeout=20), processes[-1].stderr.read1().decode()
        return base, str(cert)

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


def _answers(base: str, cert: Path) -> bool:
    try:
        return _session(str(cert)).get(f"{base}/healthz", timeout=5).status_code in (200, 503)
    except requests.RequestException:
        return False


def test_two_shops_behind_nginx_share_carts_orders_stock_and_visitor_counts(database_url, redis_url, nginx,
                                                                             tmp_path):
    # given one PostgreSQL database, one Redis, one data directory (keys) and two `shopkeep serve`
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path / "data"), SHOPKEEP_DATABASE_URL=database_url,
                       SHOPKEEP_REDIS_URL=redis_url, SHOPKEEP_TRUSTED_PROXIES="127.0.0.1",
                       SHOPKEEP_ALLOWED_HOSTS="127.0.0.1,localhost", SHOPKEEP_ANALYTICS_FLUSH_INTERVAL="1")
    for step in (("migrate", "--verbosity", "0"),
                 ("shell", "-c", "from shopkeep.catalog.tests.factories import category_create, product_with_sizes; "
                                 "product_with_sizes(name='Harbour Stripe Socks', slug='harbour-stripe-socks', "
                                 f"category=category_create(slug='socks'), sizes={{'41-46': {UNITS}}}, price='12.50')")):
        done = shopkeep(*step, env=env, timeout=240)
        assert done.returncode == 0, done.stderr
    ports, servers = [free_port(), free_port()], []
    for port in ports:
        log = open(tmp_path / f"serve-{port}.log", "w")
        servers.append(subprocess.Popen([sys.executable, "-m", "shopkeep", "serve", "--port", str(port),
                                         "--workers", "1"], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT))
    try:
        for port in ports:
            assert wait_until(lambda: _up(port), timeout=120), (tmp_path / f"serve-{port}.log").read_text()
        base, cert = nginx(ports)
        session = _session(cert)

        # when: six visitors browse (round robin spreads their pages over both processes)
        for visitor in range(VISITORS):
            for path in ("/", "/c/socks/", "/p/harbour-stripe-socks/", "/"):
                page = session.get(base + path, headers={"User-Agent": BROWSER.format(v=120 + visitor)})
                assert page.status_code == 200, (path, page.status_code)
        # a cart made on one process is filled and read on the others
        sku = session.get(f"{base}/api/v1/products", params={"q": "harbour"}).json()["results"][0]["variants"][0]["sku"]
        token = session.post(f"{base}/api/v1/carts").json()["token"]
        for _ in range(3):
            added = session.post(f"{base}/api/v1/carts/{token}/lines", json={"sku": sku, "quantity": 1})
            assert added.status_code in (200, 201), added.text
        cart = session.get(f"{base}/api/v1/carts/{token}").json()
        # five customers race for the last three units, through both processes at once
        with concurrent.futures.ThreadPoolExecutor(5) as pool:
            outcomes = list(pool.map(lambda n: _buy_one(base, cert, sku, n), range(5)))

        # then
        assert sum(line["quantity"] for line in cart["lines"]) == 3
        assert sorted(outcomes) == [201, 201, 201, 409, 409], outcomes
        state = _shop_state(env)
        assert state["stock"] == 0 and state["orders"] == UNITS
        # unique visitors: counted once each across the two processes (the shared Redis), after their flush
        assert wait_until(lambda: _shop_state(env)["visitors"] == VISITORS, timeout=30), _shop_state(env)
        assert _shop_state(env)["views"] >= VISITORS * 4
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)


def _session(cert: str) -> requests.Session:
    """A client that trusts only this test's certificate (the environment's CA bundle variables are ignored)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = cert
    return session


def _up(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def _buy_one(base: str, cert: str, sku: str, n: int) -> int:
    session = _session(cert)
    token = session.post(f"{base}/api/v1/carts").json()["token"]
    session.post(f"{base}/api/v1/carts/{token}/lines", json={"sku": sku, "quantity": 1})
    method = session.get(f"{base}/api/v1/shipping-methods", params={"country": "DE"}).json()[0]["code"]
    year = dt.date.today().year + 3
    card = session.post(f"{base}/sandbox-gateway/tokens", json={"number": "4242 4242 4242 4242", "exp_month": 12,
                                                               "exp_year": year, "cvc": "737",
                                                               "postal_code": "10115"}).json()["token"]
    placed = session.post(f"{base}/api/v1/carts/{token}/checkout", json={
        "email": f"customer{n}@example.com", "shipping_method": method, "payment_token": card, "newsletter": False,
        "shipping_address": {"name": f"Customer {n}", "line1": "Invalidenstraße 1", "city": "Berlin",
                             "postal_code": "10115", "country": "DE"}})
    return placed.status_code


def _shop_state(env: dict) -> dict:
    script = ("import json; from django.db.models import Sum; from shopkeep.catalog.models import Variant; "
              "from shopkeep.orders.models import Order; from shopkeep.analytics.models import DayTotal; "
              "print(json.dumps({'stock': Variant.objects.get().stock, 'orders': Order.objects.count(), "
              "'visitors': DayTotal.objects.aggregate(v=Sum('visitors'))['v'] or 0, "
              "'views': DayTotal.objects.aggregate(v=Sum('views'))['v'] or 0}))")
    done = shopkeep("shell", "-c", script, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
