"""The shop's own pages: contact and imprint, terms, shipping and returns, right of withdrawal.

The owner writes each page's text in the back office; the facts around it (who runs the shop,
where it delivers at what price, the return window) come from the shop's settings.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopkeep.conf import conf
from shopkeep.http import cacheable_page
from shopkeep.shop.models import ShopPage
from shopkeep.shop.services import LEGAL_WITHDRAWAL_DAYS, identity_current, page_body
from shopkeep.pricing.selectors import delivery_countries, shipping_methods_for
from shopkeep.pricing.shipping import ShippingOption


@dataclass(frozen=True)
class ShippingZone:
    countries: tuple[str, ...]
    methods: tuple[ShippingOption, ...]


def shipping_zones() -> list[ShippingZone]:
    """Where the shop delivers and at what prices, grouped by countries sharing the same methods.

    The one place the pages read shipping from: the zones and methods the shop keeps in pricing.
    """
    zones: dict[tuple, list[str]] = {}
    methods_by_key: dict[tuple, tuple[ShippingOption, ...]] = {}
    for code, name in delivery_countries().items():
        methods = tuple(shipping_methods_for(country=code, currency=conf.currency))
        if methods:
            key = tuple((m.code, m.price.amount) for m in methods)
            zones.setdefault(key, []).append(name)
            methods_by_key[key] = methods
    return [ShippingZone(tuple(names), methods_by_key[key]) for key, names in zones.items()]


def _page(request: HttpRequest, *, key: str, template: str, **context) -> HttpResponse:
    context.update({
        "identity": identity_current(),
        "page_title": ShopPage.Key(key).label,
        "body": page_body(key=key),
        "return_window_days": conf.return_window_days,
        "withdrawal_days": LEGAL_WITHDRAWAL_DAYS,
    })
    return render(request, template, context)


@cacheable_page
@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, key=ShopPage.Key.CONTACT, template="storefront/pages/contact.html")


@cacheable_page
@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return _page(request, key=ShopPage.Key.TERMS, template="storefront/pages/terms.html")


@cacheable_page
@require_safe
def shipping_returns(request: HttpRequest) -> HttpResponse:
    return _page(request, key=ShopPage.Key.SHIPPING_RETURNS, template="storefront/pages/shipping_returns.html",
                 zones=shipping_zones())


@cacheable_page
@require_safe
def withdrawal(request: HttpRequest) -> HttpResponse:
    return _page(request, key=ShopPage.Key.WITHDRAWAL, template="storefront/pages/withdrawal.html")
