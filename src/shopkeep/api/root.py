"""The one NinjaAPI of shopkeep; a router module per domain."""

from ninja import NinjaAPI, Router

from shopkeep.api import cart, catalog, checkout, contests, errors, rights, shipping, support

DESCRIPTION = """\
The shop's catalogue, carts and checkout as JSON, for apps and integrations.

- No login, no cookies, no CSRF token: a cart is addressed by the secret token
  `POST /carts` returns. Keep it like a password.
- Amounts are decimal strings with two places (`"12.50"`) plus an ISO 4217 currency.
- Requests are strict: unknown fields and wrong JSON types are refused (a quantity is a
  JSON integer from 1 to the shop's maximum per line, 99 by default; a whole-number float
  such as `2.0` counts as 2), and a refused request changes nothing.
- Limits: a URL of at most 4,096 characters (414), a body of at most 2.5 MB (413), JSON nested
  at most 32 levels (400). Every answer under /api/ is JSON, errors included (also 405 and 500).
- Every error is `{"detail": "<a sentence>", "errors": {"<field>": "<message>"}}` with a 4xx
  status: 400 malformed request, invalid payment token or a country the shop does not deliver to
  (a well-formed code it does not serve);
  402 card declined; 404 unknown product, cart, line or SKU; 409 out of stock, empty cart or
  a cart that was already ordered; 422 invalid fields; 429 too many attempts (support requests, contest entries).
- Card numbers never reach this API: tokenise the card at the payment gateway
  (`POST /sandbox-gateway/tokens` in the demo) and send the token.
- Ordering never subscribes anyone to the newsletter; `newsletter: true` only emails a confirmation link.
- Your data: `GET /me/data`, `POST /me/export` and `POST /me/erasure` act for the customer logged in
  to the shop in the same browser (session cookie; POSTs need the `X-CSRFToken` header), 401 otherwise.
  `POST /privacy-requests` (no account) mails a single-use link to the address and always answers 202.
- Contests: `GET /contests` publishes each draw's commitment, and after the draw its seed and entry ids;
  entering one (`POST /contests/{id}/entries`) is limited per IP address per hour (429 beyond it).
"""

# No docs page: Swagger UI would load scripts from a CDN, and the shop loads nothing from
# another host. The schema itself is at /api/v1/openapi.json.
api = NinjaAPI(title="shopkeep API", version="1", description=DESCRIPTION, urls_namespace="api", docs_url=None)
errors.install(api)
api.add_router("", catalog.router)
api.add_router("", cart.router)
api.add_router("", shipping.router)
api.add_router("", checkout.router)
api.add_router("", support.router)
api.add_router("", contests.router)
api.add_router("", rights.router)

# Registered last: any other path under /api/v1/ gets a JSON 404 rather than the shop's HTML page.
unknown = Router()


@unknown.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
def unknown_endpoint(request, rest: str):
    raise errors.ApiError(404, "There is no such API endpoint; see /api/v1/openapi.json.")


api.add_router("", unknown)
