"""Cart pages: show the cart, add a product, change a quantity, remove a line.

No session and no Django CSRF cookie here (P-06/P-07): forms are protected by the
browser's same-origin signals and, once a cart exists, by its signed token.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from shopkeep.cart.errors import CartAlreadyOrdered, CartError, InvalidQuantity, UnknownLine
from shopkeep.cart.forms import AddToCartForm, LineForm, LineQuantityForm, first_error
from shopkeep.cart.identity import (
    CART_COOKIE,
    cart_in_url,
    cart_signature,
    cart_url,
    cart_url_form,
    cart_url_mode_for_form,
    remember_cart,
    signed_form_token,
    signed_query_token,
)
from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token
from shopkeep.cart.services import cart_add, cart_remove_line, cart_set_quantity
from shopkeep.catalog.errors import CatalogError, OutOfStock, UnknownSku
from shopkeep.catalog.models import Product, Variant
from shopkeep.catalog.selectors import product_detail
from shopkeep.conf import conf
from shopkeep.csrf import request_is_cross_site, request_is_same_origin
from shopkeep.cart.pages import cart_page, message_page
from shopkeep.catalog.pages import product_page

REFUSED = (
    "This form was sent from another site or from an expired page, so nothing was changed. "
    "Go back to your cart, reload the page and try again."
)
STATUS = {InvalidQuantity: 400, UnknownSku: 404, UnknownLine: 404, OutOfStock: 409, CartAlreadyOrdered: 409}


def _status(error: Exception) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


def _refused(request: HttpRequest) -> HttpResponse:
    return message_page(request, title="Please try again", message=REFUSED, status=403)


def cart_detail_url(cart: Cart, **query: str) -> str:
    """The cart page's address; in cookieless mode it carries the cart token."""
    return cart_url(reverse("cart:detail"), cart=cart, query=query)


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# After the first add in cookie mode the cart page checks that the cookie came back; the link names the cart
# (signed) so that a browser blocking cookies can be offered its cart in the URL instead of an empty one.
RESUME_PARAM, RESUME_SIGNATURE = "resume", "resume_sig"


@require_safe
@never_cache
def detail(request: HttpRequest) -> HttpResponse:
    cart = request.cart or None
    if cart is None and not cart_in_url():
        token = signed_query_token(request, param=RESUME_PARAM, signature_param=RESUME_SIGNATURE)
        blocked = cart_by_token(token=token) if token else None
        if blocked is not None:
            return cart_page(request, cart=None, cookies_blocked_url=cart_url_form(reverse("cart:detail"), cart=blocked),
                             status=200)
    return cart_page(request, cart=cart, added_sku=request.GET.get("added", ""))


def _product_for_error(request: HttpRequest) -> Product | None:
    """The product whose page the add-to-cart form was sent from, to show it again with the error."""
    sku = request.POST.get("sku", "")[:64]
    slug = Variant.objects.filter(sku=sku).values_list("product__slug", flat=True).first() if sku else None
    slug = slug or request.POST.get("product", "")[:220]
    try:
        return product_detail(slug=slug) if slug else None
    except Product.DoesNotExist:
        return None


def _add_message(error: Exception, *, cart: Cart | None, sku: str) -> str:
    """The error, plus what is already in the cart when that is why the quantity is too many."""
    if cart is None or not isinstance(error, (OutOfStock, InvalidQuantity)):
        return str(error)
    in_cart = cart.lines.filter(variant__sku=sku).values_list("quantity", flat=True).first()
    return f"{error} You already have {in_cart} in your cart." if in_cart else str(error)


def _add_failed(request: HttpRequest, *, cart: Cart | None, message: str, status: int) -> HttpResponse:
    product = _product_for_error(request)
    if product is None:
        return cart_page(request, cart=cart, error=message, status=status)
    return product_page(
        request,
        product=product,
        error=message,
        chosen_sku=request.POST.get("sku", ""),
        quantity=request.POST.get("quantity", "1")[:12],
        status=status,
    )


@csrf_exempt
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """Add a product to the cart, starting a cart on the first add (or when the old one was ordered)."""
    token = signed_form_token(request)
    if request_is_cross_site(request) or not (token or request_is_same_origin(request)):
        return _refused(request)
    cart_url_mode_for_form(request)
    if token:
        request.cart = cart_by_token(token=token)
    elif cart_in_url():
        request.cart = None
    cart = request.cart or None
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        return _add_failed(request, cart=cart, message=first_error(form), status=400)
    sku, quantity = form.cleaned_data["sku"], form.cleaned_data["quantity"]
    existing = cart
    try:
        # Without a cart one is started with the line; a refused add starts none: no empty cart, no cookie.
        customer = None if existing or not request.user.is_authenticated else request.user
        cart = cart_add(cart=existing, sku=sku, quantity=quantity, customer=customer).cart
    except (CartError, CatalogError) as error:
        message = _add_message(error, cart=existing, sku=sku)
        return _add_failed(request, cart=existing, message=message, status=_status(error))
    remember_cart(request, cart)
    if not cart_in_url() and CART_COOKIE not in request.COOKIES:
        # The first cookie this browser gets: if it does not come back, the cart page offers the URL form.
        return _see_other(cart_detail_url(cart, added=sku, **{RESUME_PARAM: cart.token,
                                                             RESUME_SIGNATURE: cart_signature(cart.token)}))
    return _see_other(cart_detail_url(cart, added=sku))


def _signed_cart(request: HttpRequest) -> tuple[Cart | None, HttpResponse | None]:
    """The cart a cart form names and signs, or the response refusing the request."""
    token = signed_form_token(request)
    if not token or request_is_cross_site(request):
        return None, _refused(request)
    cart_url_mode_for_form(request)
    cart = cart_by_token(token=token, include_ordered=True)
    if cart is None or cart.is_ordered:
        request.cart = None
        message = str(CartAlreadyOrdered()) if cart else "This cart no longer exists; start a new one."
        return None, cart_page(request, cart=None, error=message, status=409 if cart else 404)
    request.cart = cart
    return cart, None


@csrf_exempt
@require_POST
def update(request: HttpRequest) -> HttpResponse:
    """Change the quantity of one cart line."""
    cart, refusal = _signed_cart(request)
    if refusal:
        return refusal
    form = LineQuantityForm(request.POST)
    if not form.is_valid():
        return cart_page(request, cart=cart, error=first_error(form), error_line=_line_id(form), status=400)
    try:
        cart_set_quantity(cart=cart, line_id=form.cleaned_data["line"], quantity=form.cleaned_data["quantity"])
    except (CartError, CatalogError) as error:
        line_id = None if isinstance(error, UnknownLine) else form.cleaned_data["line"]
        return cart_page(request, cart=cart, error=str(error), error_line=line_id, status=_status(error))
    return _see_other(cart_detail_url(cart))


@csrf_exempt
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Remove one line from the cart."""
    cart, refusal = _signed_cart(request)
    if refusal:
        return refusal
    form = LineForm(request.POST)
    if not form.is_valid():
        return cart_page(request, cart=cart, error=first_error(form), status=404)
    try:
        cart_remove_line(cart=cart, line_id=form.cleaned_data["line"])
    except CartError as error:
        return cart_page(request, cart=cart, error=str(error), status=_status(error))
    return _see_other(cart_detail_url(cart))


def _line_id(form: LineForm) -> int | None:
    """The line a (partly invalid) form is about, if that part is valid."""
    return form.cleaned_data.get("line") if hasattr(form, "cleaned_data") else None
