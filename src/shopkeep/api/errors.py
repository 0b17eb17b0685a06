"""Every API error is JSON `{"detail": sentence, "errors": {field: message}}` with the right 4xx code.

Domain exceptions keep their own, customer-facing messages; this module only decides
the status code each one gets and the field it belongs to.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from shopkeep.api.schemas import Error
from shopkeep.cart.errors import CartAlreadyOrdered, EmptyCart, InvalidQuantity, LineFull, UnknownLine
from shopkeep.catalog.errors import OutOfStock, UnknownSku
from shopkeep.checkout.errors import CheckoutError
from shopkeep.throttle import Throttled
from shopkeep.payments.errors import InvalidPaymentToken, PaymentDeclined


class ApiError(Exception):
    """Raised by endpoints for a refusal that is not a domain exception."""

    def __init__(self, status: int, detail: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


# (exception, status, field the message belongs to)
DOMAIN_ERRORS = (
    (UnknownSku, 404, "sku"),
    (UnknownLine, 404, None),
    (InvalidQuantity, 422, "quantity"),
    (LineFull, 409, "quantity"),
    (OutOfStock, 409, None),
    (EmptyCart, 409, None),
    (CartAlreadyOrdered, 409, None),
    (PaymentDeclined, 402, None),
    (InvalidPaymentToken, 400, "payment_token"),
)

INVALID_INPUT = "Please correct the highlighted fields."


def declare(success: dict, *statuses: int) -> dict:
    """The `response=` of an endpoint: its success schemas plus Error for each error status."""
    return {**success, **{status: Error for status in statuses}}


def error_response(
    api: NinjaAPI, request: HttpRequest, *, status: int, detail: str, errors: dict[str, str] | None = None
) -> HttpResponse:
    """The uniform JSON error body."""
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def checkout_field(name: str) -> str:
    """Name a checkout field the way the request body does: shipping_line1 -> shipping_address.line1."""
    for prefix in ("shipping_", "billing_"):
        if name.startswith(prefix) and name != "shipping_method":
            return f"{prefix}address.{name.removeprefix(prefix)}"
    return name


FORMATS = {"country": "Use a two-letter country code (ISO 3166-1 alpha-2) such as GB."}


def validation_message(error: dict, *, field: str) -> str:
    """A sentence for one pydantic error."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return FORMATS.get(field.rpartition(".")[2], "Has the wrong format.")
    messages = {
        "missing": "This field is required.",
        "extra_forbidden": "Unknown field.",
        "int_type": "Must be a whole number (a JSON integer).",
        "int_parsing": "Must be a whole number.",
        "int_from_float": "Must be a whole number.",
        "string_type": "Must be a string.",
        "bool_type": "Must be true or false.",
        "bool_parsing": "Must be true or false.",
        "model_type": "Must be a JSON object.",
        "model_attributes_type": "Must be a JSON object.",
        "dict_type": "Must be a JSON object.",
        "greater_than_equal": f"Must be at least {ctx.get('ge')}.",
        "less_than_equal": f"Must be at most {ctx.get('le')}.",
        "string_too_long": f"Use at most {ctx.get('max_length')} characters.",
        "too_long": f"Use at most {ctx.get('max_length')} characters.",
        "string_too_short": "Must not be empty.",
        "too_short": "Must not be empty.",
        "literal_error": f"Must be one of {ctx.get('expected')}.",
        "enum": f"Must be one of {ctx.get('expected')}.",
    }
    if kind in messages:
        return messages[kind]
    return str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")


def validation_field(loc: tuple) -> str:
    """`("body", "payload", "shipping_address", "line1")` -> `"shipping_address.line1"`."""
    source, *path = loc
    if source == "body":
        path = path[1:]  # the endpoint's parameter name, not part of the JSON document
    return ".".join(str(part) for part in path) or "body"


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on `api`."""

    def on_validation_error(request, exc: ValidationError):
        errors: dict[str, str] = {}
        for error in exc.errors:
            field = validation_field(tuple(error["loc"]))
            if field == "body" and error.get("type") == "missing":
                errors.setdefault(field, "A JSON object is required as the request body.")
            else:
                errors.setdefault(field, validation_message(error, field=field))
        return error_response(api, request, status=422, detail=INVALID_INPUT, errors=errors)

    def on_http_error(request, exc: HttpError):
        detail = str(exc)
        if detail.startswith("Cannot parse request body"):
            detail = "The request body is not valid JSON."
        return error_response(api, request, status=exc.status_code, detail=detail)

    def on_not_found(request, exc: Http404):
        return error_response(api, request, status=404, detail="Not found.")

    def on_api_error(request, exc: ApiError):
        return error_response(api, request, status=exc.status, detail=exc.detail, errors=exc.errors)

    def on_checkout_error(request, exc: CheckoutError):
        errors = {checkout_field(name): message for name, message in exc.fields.items()}
        return error_response(api, request, status=422, detail=exc.message, errors=errors)

    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(CheckoutError, on_checkout_error)

    def on_throttled(request, exc: Throttled):
        response = error_response(api, request, status=429, detail=exc.message)
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(Throttled, on_throttled)
    for exception, status, field in DOMAIN_ERRORS:
        api.add_exception_handler(exception, _domain_handler(api, status=status, field=field))


def _domain_handler(api: NinjaAPI, *, status: int, field: str | None):
    def handler(request, exc: Exception):
        message = str(exc)
        return error_response(api, request, status=status, detail=message, errors={field: message} if field else None)

    return handler
