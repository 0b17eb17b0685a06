"""After a full journey (register, log in, fail a login, reset a password, subscribe, buy with a card through the
API, open the emailed links, a staff member exports statistics), no card number, CVC, plaintext password or
secret key is anywhere in the database, the logs, the outbox or the exports; and no secret link or token is in
the logs (P-11, P-13)."""

import datetime as dt
import json
import logging
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from shopkeep.analytics.tests.test_access_log import access_line, environ
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.factories import address_data
from shopkeep.redaction import RedactingFilter
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db(transaction=False)
CARD = "4000056655665556"  # Luhn-valid (a Visa debit test number the sandbox accepts)
CVC = "862"
PASSWORD = "marmalade skyline tuesday"
NEW_PASSWORD = "lighthouse pebble orchard"
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
URL = re.compile(r"https?://[^\s\"'<>]+")


def luhn_valid_numbers(text: str) -> list[str]:
    found = []
    for match in re.finditer(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)", text):
        digits = re.sub(r"\D", "", match.group(0))
        total = sum(int(d) if i % 2 == 0 else sum(divmod(int(d) * 2, 10)) for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            found.append(digits)
    return found


class Recorder(logging.Handler):
    """Every log record as it would be written: through the redaction filter."""

    def __init__(self):
        super().__init__()
        self.addFilter(RedactingFilter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def database_text() -> str:
    parts = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            parts.append(json.dumps(row, default=str))
    return "\n".join(parts)


def test_a_full_journey_leaves_no_secret_behind(client, settings, outbox_dir, tmp_path):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    recorder = Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    requested: list[str] = []
    original = client.generic

    def generic(method, path, *args, **kwargs):
        requested.append(path)
        return original(method, path, *args, **kwargs)

    client.generic = generic
    try:
        socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", price="12.50", stock=5)
        # an account, a failed login, a login, a reset
        client.post("/account/register/", {"email": "ada@example.com", "password": PASSWORD, "name": "Ada"},
                    **SAME_ORIGIN)
        client.post("/account/logout/")
        client.post("/account/login/", {"username": "ada@example.com", "password": "wrong " + PASSWORD}, **SAME_ORIGIN)
        client.post("/account/password-reset/", {"email": "ada@example.com"}, **SAME_ORIGIN)
        reset_link = re.search(r"/account/password-reset/[^/\s]+/[^/\s]+/", "".join(
            p.read_text(errors="replace") for p in outbox_dir.glob("*.eml"))).group(0)
        client.get(reset_link)
        client.post(reset_link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)
        client.get(reset_link)  # used: refused, and Django logs the path
        # the newsletter, confirmed through its link
        client.post("/newsletter/", {"email": "ada@example.com"}, **SAME_ORIGIN)
        # a purchase through the API with a card typed at the gateway
        token = client.post("/sandbox-gateway/tokens", content_type="application/json", data=json.dumps(
            {"number": CARD, "exp_month": 12, "exp_year": 2031, "cvc": CVC})).json()["token"]
        cart = client.post("/api/v1/carts").json()["token"]
        client.post(f"/api/v1/carts/{cart}/lines", content_type="application/json",
                    data=json.dumps({"sku": socks.sku, "quantity": 1}))
        placed = client.post(f"/api/v1/carts/{cart}/checkout", content_type="application/json", data=json.dumps(
            {"email": "ada@example.com", "shipping_address": address_data(), "shipping_method": "gb-standard",
             "payment_token": token})).json()
        emailed = "".join(p.read_text(errors="replace") for p in outbox_dir.glob("*.eml"))
        links = [link for link in URL.findall(emailed) if "/newsletter/confirm/" in link or "/checkout/order/" in link
                 or "/u/" in link]
        for link in links:
            client.get(link.split("testserver", 1)[-1].split("127.0.0.1:8000", 1)[-1])
        # a staff member exports the statistics; the owner prints the record of processing
        staff = client.__class__()
        staff_login(staff, "marketing")
        today = dt.date.today().isoformat()
        export = staff.get(f"/backoffice/stats/export/pages.csv?preset=custom&start={today}&end={today}").content
        ropa = tmp_path / "ropa.csv"
        with ropa.open("w") as handle:
            call_command("ropa", stdout=handle)
    finally:
        root.removeHandler(recorder)

    assert placed["number"]
    access_log = "".join(access_line(tmp_path / f"a{i}", environ(RAW_URI=path, PATH_INFO=path.split("?")[0],
                                                                      QUERY_STRING=""))
                         for i, path in enumerate(requested) if (tmp_path / f"a{i}").mkdir() is None)
    logs = "\n".join(recorder.lines) + "\n" + access_log
    places = {"database": database_text(), "logs": logs, "outbox": emailed,
              "exports": export.decode() + ropa.read_text()}
    for where, text in places.items():
        assert CARD not in text and luhn_valid_numbers(text) == [], where
        assert PASSWORD not in text and NEW_PASSWORD not in text, where
        assert settings.SECRET_KEY not in text, where
        assert f'"cvc": "{CVC}"' not in text and f"cvc={CVC}" not in text, where
    # the logs hold no secret link or token that was issued
    secrets = [cart, token, reset_link.split("/")[-3], reset_link.split("/")[-2]]
    secrets += [link.rstrip("/").rsplit("/", 1)[-1] for link in links]
    assert len(secrets) >= 6
    for secret in secrets:
        assert secret not in logs, secret
    assert "[secret]" in logs
