"""Checkout pages: details, delivery, payment (the gateway's hosted page), review, place order, confirmation.

No page sets a cookie of its own and no form uses Django's CSRF token (P-06, P-07): every form
carries the signed cart fields and is accepted only from the shop's own pages.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.cart.errors import EmptyCart
from shopkeep.cart.identity import CART_COOKIE, cart_from_request, cart_in_url, cart_url, signed_form_token, url_carry
from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token
from shopkeep.catalog.errors import OutOfStock
from shopkeep.checkout.drafts import (
    draft_checkout_details,
    draft_details_save,
    draft_get,
    draft_key,
    draft_key_valid,
    draft_next_step,
    draft_payment_clear,
    draft_payment_save,
    draft_price,
    draft_shipping_method,
    draft_shipping_method_save,
)
from shopkeep.checkout.errors import CheckoutError
from shopkeep.checkout.forms import NEW_ADDRESS, DeliveryForm, DetailsForm
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.services import checkout_complete
from shopkeep.conf import conf
from shopkeep.csrf import forbidden_cross_site, same_origin_required
from shopkeep.http import client_ip
from shopkeep.orders.models import Order
from shopkeep.orders.selectors import order_summary
from shopkeep.orders.services import order_confirmation_path, order_from_confirmation_token
from shopkeep.payments.errors import PaymentError
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.throttle import Throttled, throttled, throttled_response
from shopkeep.pricing.selectors import shipping_methods_for

DRAFT_KEY = "dk"
LOCKED = ("The details entered for this cart are shown only on the device that entered them, because this shop "
          "keeps your cart in the page address. Enter your details to continue.")

STEPS = (("details", "Your details"), ("delivery", "Delivery"), ("payment", "Payment"), ("review", "Review"))


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _url(name: str, cart: Cart | None) -> str:
    """The URL of `name`, carrying the cart token in cookieless mode (P-07)."""
    return cart_url(reverse(name), cart=cart)


def _see_other(name: str, cart: Cart | None) -> SeeOther:
    return SeeOther(_url(name, cart))


def _signed_cart(request: HttpRequest) -> tuple[Cart | None, bool]:
    """The cart a POSTed form names (ordered carts included) and whether its signature is valid."""
    token = signed_form_token(request)
    if not token:
        return None, False
    return cart_by_token(token=token, include_ordered=True), True


def _checkout_cart(request: HttpRequest) -> tuple[Cart | None, HttpResponse | None]:
    """The open, non-empty cart being checked out, or the response that sends the customer elsewhere."""
    if request.method == "POST":
        cart, signed = _signed_cart(request)
        if not signed:
            return None, forbidden_cross_site()
    else:
        cart = cart_from_request(request)
    if cart is None or cart.is_ordered or not cart.lines.exists():
        return None, _see_other("cart:detail", cart if cart is not None and not cart.is_ordered else None)
    return cart, None


def _unlocked(request: HttpRequest, draft: CheckoutDraft) -> bool:
    """Whether this request may see the draft's personal details.

    With the cart in a cookie, the cookie is the device's proof. With the cart in the URL (cookieless mode, or
    cookies blocked), a link carrying only the cart token must not show them: the request needs the draft key
    the details step handed out, which the checkout steps' links then carry on.
    """
    if not cart_in_url():
        return True
    key = request.GET.get(DRAFT_KEY, "") or request.POST.get(DRAFT_KEY, "")
    if not draft_key_valid(draft=draft, key=key):
        return False
    _carry_key(draft)
    return True


def _step_open(request: HttpRequest, step: str) -> tuple[Cart | None, CheckoutDraft | None, HttpResponse | None]:
    """The cart and its draft for checkout `step`, or the response that sends the customer elsewhere: to the cart,
    to the details step when the draft is locked to this request, or to the first earlier step still missing."""
    cart, elsewhere = _checkout_cart(request)
    if elsewhere:
        return None, None, elsewhere
    draft = draft_get(cart=cart)
    if not _unlocked(request, draft):
        return None, None, _see_other("checkout:details", cart)
    missing = draft_next_step(draft=draft)
    names = [name for name, _ in STEPS]
    if missing and names.index(missing) < names.index(step):
        return None, None, _see_other(f"checkout:{missing}", cart)
    return cart, draft, None


def _carry_key(draft: CheckoutDraft) -> None:
    if cart_in_url():
        url_carry(prefix=reverse("checkout:details"), name=DRAFT_KEY, value=draft_key(draft=draft))


def _steps(current: str, draft: CheckoutDraft) -> list[dict]:
    """The progress indicator: earlier steps link back, the current one is marked."""
    reachable = draft_next_step(draft=draft) or "review"
    names = [name for name, _ in STEPS]
    return [
        {
            "name": name,
            "label": label,
            "number": number,
            "current": name == current,
            "done": names.index(name) < names.index(current),
            "link": name != current and names.index(name) <= names.index(reachable),
        }
        for number, (name, label) in enumerate(STEPS, start=1)
    ]


def _render(request, template: str, *, cart: Cart, draft: CheckoutDraft, step: str, status: int = 200,
            coupon_code: str = "", **context):
    method = draft_shipping_method(draft=draft) if draft.pk else None
    try:
        price = draft_price(draft=draft, coupon_code="" if "coupon_error" in context else coupon_code)
    except CheckoutError as error:
        context["coupon_error"] = error.fields["coupon"]
        status = 400 if status == 200 else status
        price = draft_price(draft=draft)
    context.update(cart=cart, draft=draft, steps=_steps(step, draft), totals=price.totals, shipping_method=method,
                   step=step, applied=price.applied, coupon_code=coupon_code, amount=price.amount)
    return render(request, template, context, status=status)


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def details(request):
    cart, elsewhere = _checkout_cart(request)
    if elsewhere:
        return elsewhere
    draft = draft_get(cart=cart)
    locked = not _unlocked(request, draft)
    if locked:  # show a blank form; the details typed elsewhere stay hidden
        draft = CheckoutDraft(cart=cart)
    saved = list(request.user.addresses.all()) if request.user.is_authenticated else []
    if request.method != "POST":
        initial = DetailsForm.initial_from(draft=draft, user=request.user)
        if saved:
            initial["saved_address"] = NEW_ADDRESS if draft.pk else str(saved[0].pk)
        form = DetailsForm(initial=initial, saved_addresses=saved)
        return _render(request, "checkout/details.html", cart=cart, draft=draft, step="details", form=form,
                       locked=LOCKED if locked else "")
    form = DetailsForm(request.POST, saved_addresses=saved)
    if form.is_valid():
        try:
            if locked:  # someone else's card must not pay for these new details
                draft_payment_clear(cart=cart)
            saved_draft = draft_details_save(cart=cart, email=form.cleaned_data["email"],
                                             shipping_address=form.shipping_address(),
                                             billing_address=form.billing_address())
        except CheckoutError as error:
            form.add_domain_errors(error.fields)
        else:
            _carry_key(saved_draft)
            return _see_other("checkout:delivery", cart)
    return _render(request, "checkout/details.html", cart=cart, draft=draft, step="details", form=form, status=400)


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def delivery(request):
    cart, draft, elsewhere = _step_open(request, "delivery")
    if elsewhere:
        return elsewhere
    methods = shipping_methods_for(country=draft.shipping_country, currency=cart.currency)
    if request.method != "POST":
        initial = draft.shipping_method or (methods[0].code if methods else "")
        form = DeliveryForm(initial={"shipping_method": initial}, methods=methods)
        return _render(request, "checkout/delivery.html", cart=cart, draft=draft, step="delivery", form=form)
    form = DeliveryForm(request.POST, methods=methods)
    if form.is_valid():
        try:
            draft_shipping_method_save(cart=cart, code=form.cleaned_data["shipping_method"])
        except CheckoutError as error:
            form.add_error("shipping_method", error.fields["shipping_method"])
        else:
            return _see_other("checkout:review" if draft.has_payment else "checkout:payment", cart)
    return _render(request, "checkout/delivery.html", cart=cart, draft=draft, step="delivery", form=form, status=400)


@never_cache
@require_GET
def payment(request):
    """Send the customer to the gateway's hosted card page; it returns a card token (P-13)."""
    cart, draft, elsewhere = _step_open(request, "payment")
    if elsewhere:
        return elsewhere
    return SeeOther(gateway_get().hosted_page_url(
        amount=draft_price(draft=draft).amount,
        return_url=_url("checkout:payment_return", cart),
        cancel_url=_url("checkout:review" if draft.has_payment else "checkout:delivery", cart),
    ))


@never_cache
@require_GET
def payment_return(request):
    """The gateway sends the customer back here with `payment_token`."""
    cart, draft, elsewhere = _step_open(request, "payment")
    if elsewhere:
        return elsewhere
    try:
        draft_payment_save(cart=cart, token=request.GET.get("payment_token", ""))
    except PaymentError as error:
        draft_payment_clear(cart=cart)
        draft.refresh_from_db()
        return _render(request, "checkout/review.html", cart=cart, draft=draft, step="payment", error=str(error),
                       status=400)
    return _see_other("checkout:review", cart)


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
@throttled("coupon")
def review(request):
    """The last step; a POST applies a coupon code (or removes it when blank) and shows the new total."""
    cart, draft, elsewhere = _step_open(request, "review")
    if elsewhere:
        return elsewhere
    code = request.POST.get("coupon", "")[:64] if request.method == "POST" else ""
    return _render(request, "checkout/review.html", cart=cart, draft=draft, step="review", coupon_code=code)


@never_cache
@same_origin_required
@require_POST
@throttled("checkout")
def place(request):
    """Place the order. A replayed POST (double click, back and resubmit) shows the order already placed."""
    cart, signed = _signed_cart(request)
    if not signed:
        return forbidden_cross_site()
    if cart is None or (not cart.is_ordered and not cart.lines.exists()):
        return _see_other("cart:detail", cart)
    draft = draft_get(cart=cart)
    if not cart.is_ordered and not _unlocked(request, draft):
        return _see_other("checkout:details", cart)
    missing = None if cart.is_ordered else draft_next_step(draft=draft)
    if missing:
        return _see_other(f"checkout:{missing}", cart)
    try:
        result = checkout_complete(
            cart=cart, details=draft_checkout_details(draft=draft), payment_token=draft.payment_token,
            client_ip=client_ip(request), customer=request.user if request.user.is_authenticated else None,
            coupon_code=request.POST.get("coupon", "")[:64], survey_opt_in=request.POST.get("survey_opt_in") == "on",
            newsletter=request.POST.get("newsletter") == "on",
            capture_consent=request.POST.get("capture_consent") == "yes",
        )
    except EmptyCart:
        return _see_other("cart:detail", cart)
    except Throttled as error:
        return throttled_response(request, error)
    except OutOfStock as error:
        return _render(request, "checkout/review.html", cart=cart, draft=draft, step="review", error=str(error),
                       out_of_stock=True, status=409)
    except PaymentError as error:
        draft_payment_clear(cart=cart)
        draft.refresh_from_db()
        return _render(request, "checkout/review.html", cart=cart, draft=draft, step="payment", error=str(error),
                       status=402)
    except CheckoutError as error:
        return _checkout_error(request, cart=cart, draft=draft, error=error)
    return _placed(result.order)


def _checkout_error(request, *, cart: Cart, draft: CheckoutDraft, error: CheckoutError) -> HttpResponse:
    """Show the domain's messages on the step whose fields they concern."""
    if set(error.fields) == {"coupon"}:
        return _render(request, "checkout/review.html", cart=cart, draft=draft, step="review", status=400,
                       coupon_code=request.POST.get("coupon", "")[:64], coupon_error=error.fields["coupon"])
    if set(error.fields) == {"shipping_method"}:
        methods = shipping_methods_for(country=draft.shipping_country, currency=cart.currency)
        form = DeliveryForm(data={}, methods=methods)
        form.is_valid()
        form.add_error("shipping_method", error.fields["shipping_method"])
        return _render(request, "checkout/delivery.html", cart=cart, draft=draft, step="delivery", form=form,
                       status=400)
    data = DetailsForm.initial_from(draft=draft, user=request.user)
    data["billing_same"] = "on" if draft.billing_same else ""
    form = DetailsForm(data=data)
    form.is_valid()
    form.add_domain_errors(error.fields or {"__all__": error.message})
    return _render(request, "checkout/details.html", cart=cart, draft=draft, step="details", form=form, status=400)


def _placed(order: Order) -> HttpResponse:
    response = SeeOther(order_confirmation_path(order))
    if not conf.cookieless:
        response.delete_cookie(CART_COOKIE, samesite="Lax")
    return response


@never_cache
@require_GET
def confirmation(request, token: str):
    """The order, reachable by the signed link (also in the email); forged or expired links are not found."""
    order = order_from_confirmation_token(token)
    if order is None:
        raise Http404("This order link is not valid or has expired.")
    return render(request, "checkout/confirmation.html", {"summary": order_summary(order=order), "cart": None})
