"""Carts, addressed by their secret token. A cart that became an order can be read, not changed."""

from typing import Annotated

from ninja import Path, Router, Status

from shopkeep.api.errors import ApiError, declare
from shopkeep.api.schemas import CartCreated, CartOut, LineAdd, LineChange, UrlText
from shopkeep.cart.errors import CartAlreadyOrdered
from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token, cart_totals
from shopkeep.cart.services import cart_add_line, cart_create, cart_remove_line, cart_set_quantity

router = Router(tags=["carts"])

Token = Annotated[UrlText, Path(max_length=64, description="The token returned by POST /carts.")]
LineId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def cart_get(token: str) -> Cart:
    """The cart with this token (ordered or not), or a 404."""
    cart = cart_by_token(token=token, include_ordered=True)
    if cart is None:
        raise ApiError(404, "There is no cart with this token.")
    return cart


def cart_open_get(token: str) -> Cart:
    """The cart with this token if it can still change; 404 or 409 otherwise."""
    cart = cart_get(token)
    if cart.is_ordered:
        raise CartAlreadyOrdered()
    return cart


def cart_out(cart: Cart) -> dict:
    """The API shape of a cart, priced."""
    totals = cart_totals(cart=cart)
    return {
        "token": cart.token,
        "lines": [
            {
                "id": line.line_id,
                "sku": line.sku,
                "name": line.name,
                "size": line.size,
                "quantity": line.quantity,
                "unit_price": f"{line.unit_price.amount:.2f}",
                "line_total": f"{line.total.amount:.2f}",
            }
            for line in totals.lines
        ],
        "subtotal": f"{totals.subtotal.amount:.2f}",
        "currency": totals.subtotal.currency,
        "item_count": totals.item_count,
        "vat": [{"rate": f"{line.rate:.2f}", "amount": f"{line.amount.amount:.2f}"} for line in totals.vat],
        "ordered": cart.is_ordered,
    }


CART_LINKS = {  # OpenAPI links: what a client (or a stateful fuzzer) can do next with the new cart's token
    name: {"operationId": f"shopkeep_api_{operation}", "parameters": {"token": "$response.body#/token"}}
    for name, operation in (("ShowCart", "cart_carts_detail"), ("AddLine", "cart_carts_line_add"),
                            ("CheckOut", "checkout_carts_checkout"))
}


@router.post("/carts", response={201: CartCreated}, summary="Start a cart",
             openapi_extra={"responses": {201: {"links": CART_LINKS}}})
def carts_create(request):
    """Start an empty cart; keep its token to use it."""
    return Status(201, {"token": cart_create().token})


@router.get("/carts/{token}", response=declare({200: CartOut}, 404, 422), summary="Show a cart")
def carts_detail(request, token: Token):
    """The cart's lines and subtotal; also works after checkout (`ordered` is then true)."""
    return cart_out(cart_get(token))


@router.post(
    "/carts/{token}/lines", response=declare({201: CartOut}, 400, 404, 409, 422), summary="Add to a cart"
)
def carts_line_add(request, token: Token, payload: LineAdd):
    """Add `quantity` of `sku`, merging with a line already holding it. 404: unknown cart or SKU;
    409: not enough stock, the line would pass the limit with what the cart already holds, or the cart was
    already ordered; 422: a quantity below 1 or over the limit."""
    cart = cart_open_get(token)
    cart_add_line(cart=cart, sku=payload.sku, quantity=payload.quantity)
    return Status(201, cart_out(cart))


@router.patch(
    "/carts/{token}/lines/{line_id}", response=declare({200: CartOut}, 400, 404, 409, 422),
    summary="Change a line's quantity",
)
def carts_line_change(request, token: Token, line_id: LineId, payload: LineChange):
    """Set a line's quantity. 404: unknown cart or line; 409: not enough stock or already ordered."""
    cart = cart_open_get(token)
    cart_set_quantity(cart=cart, line_id=line_id, quantity=payload.quantity)
    return cart_out(cart)


@router.delete(
    "/carts/{token}/lines/{line_id}", response=declare({200: CartOut}, 404, 409, 422), summary="Remove a line"
)
def carts_line_remove(request, token: Token, line_id: LineId):
    """Remove a line and return the cart. 404: unknown cart or line; 409: already ordered."""
    cart = cart_open_get(token)
    cart_remove_line(cart=cart, line_id=line_id)
    return cart_out(cart)
