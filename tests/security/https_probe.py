"""Run inside a production-like `shopkeep` environment (see test_https.py): prints what a client sees, as JSON."""

import json

import django

django.setup()

from django.test import Client  # noqa: E402

from shopkeep.catalog.models import Variant  # noqa: E402
from shopkeep.customers.models import User  # noqa: E402

HOST = {"HTTP_HOST": "shop.example"}
PROXY = "127.0.0.1"
result = {}
plain = Client(**HOST).get("/", REMOTE_ADDR="203.0.113.5")
result["plain"] = [plain.status_code, plain.get("Location", "")]
spoofed = Client(**HOST).get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
result["spoofed_proto"] = [spoofed.status_code, spoofed.get("Location", "")]
proxied = Client(**HOST).get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
result["proxied"] = [proxied.status_code, proxied.get("Strict-Transport-Security", "")]
secure = Client(**HOST)
page = secure.get("/", secure=True)
result["hsts"] = page.get("Strict-Transport-Security", "")
variant = Variant.objects.filter(stock__gt=0).first()
added = secure.post("/cart/add/", {"sku": variant.sku, "quantity": 1}, secure=True, HTTP_SEC_FETCH_SITE="same-origin",
                    HTTP_ORIGIN="https://shop.example")
User.objects.create_user("ada@example.com", "a long enough passphrase for tests")
login = secure.post("/account/login/", {"username": "ada@example.com", "password": "a long enough passphrase for tests"},
                    secure=True, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="https://shop.example")
cookies = {}
for response in (added, login):
    for name, morsel in response.cookies.items():
        cookies[name] = {"secure": bool(morsel["secure"]), "path": morsel["path"], "domain": morsel["domain"]}
result["cookies"] = cookies
print(json.dumps(result))
