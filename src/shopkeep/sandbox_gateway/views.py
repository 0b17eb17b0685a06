"""The sandbox gateway's own pages: the hosted payment page and the token endpoint.

They stand for an external payment service's site. Card numbers and CVCs arrive here and
nowhere else; only a token, the brand, last 4 digits and expiry leave (P-13). Nothing here
logs or stores a number or CVC.
"""

import json
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core import signing
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.sandbox_gateway.cards import TEST_CARDS
from shopkeep.sandbox_gateway.forms import CardForm
from shopkeep.sandbox_gateway.services import SESSION_SALT, CardError, CardInput, token_create
from shopkeep.throttle import throttled

SESSION_MAX_AGE = 2 * 3600
TOKEN_FIELDS = {"number": str, "exp_month": int, "exp_year": int, "cvc": str, "postal_code": str}
TOKEN_REQUIRED = ("number", "exp_month", "exp_year", "cvc")


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _relative(url) -> bool:
    """Only a path on the merchant's own site: never another host (no open redirect)."""
    return (
        isinstance(url, str) and url.startswith("/") and not url.startswith("//") and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def _session(value: str) -> dict | None:
    """The signed payment session (amount, currency, return and cancel paths), or None if not valid."""
    try:
        data = signing.loads(value, salt=SESSION_SALT, max_age=SESSION_MAX_AGE)
        amount = Money(Decimal(data["amount"]), data["currency"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, InvalidOperation):
        return None
    if amount.amount <= 0 or not _relative(data.get("return")) or not _relative(data.get("cancel")):
        return None
    return {"amount": amount, "return": data["return"], "cancel": data["cancel"],
            "merchant": str(data.get("merchant") or conf.shop_name)}


def _with_token(url: str, token: str) -> str:
    """`url` with `payment_token` added, keeping its other query parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "payment_token"]
    return urlunsplit(parts._replace(query=urlencode(query + [("payment_token", token)])))


@csrf_exempt
@never_cache
@sensitive_post_parameters("number", "cvc")
@sensitive_variables("form")
@require_http_methods(["GET", "POST"])
@throttled("sandbox_token")
def pay(request, session: str):
    """The hosted payment page: card form on GET, a token sent back to the merchant on POST."""
    data = _session(session)
    if data is None:
        return render(request, "sandbox_gateway/invalid.html", status=400)
    form = CardForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        card = form.cleaned_data
        try:
            token = token_create(CardInput(number=card["number"], exp_month=card["exp_month"],
                                           exp_year=card["exp_year"], cvc=card["cvc"].strip(),
                                           postal_code=card["postal_code"].strip()))
        except CardError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return SeeOther(_with_token(data["return"], token.token))
    context = {"form": form, "session": data, "test_cards": TEST_CARDS}
    return render(request, "sandbox_gateway/pay.html", context, status=400 if form.is_bound else 200)


def _error(message: str, field: str | None) -> JsonResponse:
    return JsonResponse({"error": message, "field": field}, status=400)


@csrf_exempt
@sensitive_variables("payload")
@require_POST
@throttled("sandbox_token", json_body=True)
def tokens(request):
    """POST a card as JSON; get back a token with brand, last 4 and expiry (201), or 400 with the reason."""
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("The request body must be a JSON object.", None)
    except RecursionError:
        return _error("The request body is nested too deeply to be a card.", None)
    if not isinstance(payload, dict):
        return _error("The request body must be a JSON object.", None)
    unknown = sorted(set(payload) - set(TOKEN_FIELDS))
    if unknown:
        return _error(f"Unknown field {unknown[0]!r}; send only {', '.join(TOKEN_FIELDS)}.", unknown[0])
    for name in TOKEN_REQUIRED:
        if name not in payload:
            return _error(f"The field {name!r} is required.", name)
    for name, kind in TOKEN_FIELDS.items():
        if name in payload and type(payload[name]) is not kind:
            wanted = "a string" if kind is str else "a whole number"
            return _error(f"The field {name!r} must be {wanted}.", name)
    try:
        token = token_create(CardInput(**payload))
    except CardError as error:
        return _error(error.message, error.field)
    return JsonResponse({"token": token.token, "brand": token.brand, "last4": token.last4,
                         "exp_month": token.exp_month, "exp_year": token.exp_year}, status=201)
