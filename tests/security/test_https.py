"""HTTPS-only production (P-14): in a production-like configuration every plain-HTTP request is redirected,
HSTS lasts a year with subdomains, cookies are Secure with the `__Host-` prefix, X-Forwarded-Proto is
believed only from a trusted proxy, and `shopkeep check --deploy` has nothing to say."""

import json
import secrets

import pytest

from tests.ops.processes import REPO, shopkeep, shopkeep_env


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    data = tmp_path_factory.mktemp("production")
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(data), SHOPKEEP_BASE_URL="https://shop.example",
                       SHOPKEEP_ALLOWED_HOSTS="shop.example", SHOPKEEP_TRUSTED_PROXIES="127.0.0.1",
                       SHOPKEEP_SECRET_KEY=secrets.token_urlsafe(50), SHOPKEEP_LEGAL_NAME="Harbour Socks Ltd",
                       SHOPKEEP_POSTAL_ADDRESS="1 Quay Street\nBristol BS1 4DJ", SHOPKEEP_CONTACT_EMAIL="hello@harbour-socks.co.uk",
                       SHOPKEEP_SHOP_COUNTRY="GB")
    migrated = shopkeep("migrate", env=env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    seeded = shopkeep("seed", "--products", "3", env=env, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    return env


@pytest.mark.promise("P-14")
def test_check_deploy_prints_no_warning_in_a_production_like_configuration(production):
    result = shopkeep("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in (result.stdout + result.stderr).upper().replace("--FAIL-LEVEL WARNING", "")
    assert "System check identified no issues" in result.stdout


@pytest.mark.promise("P-14")
def test_plain_http_is_redirected_hsts_lasts_a_year_and_cookies_are_secure_host_cookies(production):
    env = production | {"DJANGO_SETTINGS_MODULE": "shopkeep.settings", "PYTHONPATH": str(REPO / "src")}
    import subprocess
    import sys

    probe = subprocess.run([sys.executable, str(REPO / "tests" / "security" / "https_probe.py")], env=env,
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    # a plain request goes to https
    assert seen["plain"] == [301, "https://shop.example/"]
    # a client cannot claim https by writing the header itself; the trusted proxy can
    assert seen["spoofed_proto"] == [301, "https://shop.example/"]
    assert seen["proxied"][0] == 200
    # HSTS: one year, subdomains
    assert seen["hsts"] == "max-age=31536000; includeSubDomains"
    # every cookie is Secure, host-only, for every path, and named __Host-
    assert set(seen["cookies"]) == {"__Host-sk_cart", "__Host-sk_session", "__Host-sk_csrf"}
    for cookie in seen["cookies"].values():
        assert cookie == {"secure": True, "path": "/", "domain": ""}


def test_without_https_nothing_changes_for_a_local_shop(settings):
    # the tests and `make demo` run on http://127.0.0.1: no redirect, the plain cookie names
    assert settings.HTTPS is False
    assert settings.SESSION_COOKIE_NAME == "sk_session"
    assert not getattr(settings, "SECURE_SSL_REDIRECT", False)
