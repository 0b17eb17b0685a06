"""Reads of pricing shop data: the shipping methods for a country, its VAT table, complete totals."""

from collections.abc import Sequence
from decimal import Decimal

from shopkeep.addresses.definition import country_choices
from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import Discount, PricedLine, Totals, totals_compute
from shopkeep.pricing.vat import VatTable, vat_country


def shipping_zone_for(*, country: str) -> ShippingZone | None:
    """The zone that serves `country` (ISO 3166-1 alpha-2), or None if the shop does not deliver there."""
    country = (country or "").upper()
    return next((zone for zone in ShippingZone.objects.all() if country in zone.countries), None)


def shipping_option(method: ShippingMethod, *, currency: str) -> ShippingOption:
    """The method as a price in `currency`."""
    free = method.kind == ShippingMethod.Kind.FREE_OVER and method.free_over is not None
    return ShippingOption(code=method.code, name=method.name, delivery=method.delivery,
                          price=Money(method.price, currency),
                          free_over=Money(method.free_over, currency) if free else None)


def shipping_methods_for(*, country: str, currency: str) -> list[ShippingOption]:
    """The active methods that deliver to `country`, in the shop's order; empty if none."""
    zone = shipping_zone_for(country=country)
    if zone is None:
        return []
    return [shipping_option(method, currency=currency) for method in zone.methods.filter(is_active=True)]


def shipping_method_get(*, code: str, country: str, currency: str) -> ShippingOption | None:
    """The method with `code` if it is active and delivers to `country`."""
    return next((m for m in shipping_methods_for(country=country, currency=currency) if m.code == code), None)


def shipping_countries() -> set[str]:
    """Every country some zone serves."""
    return {code for zone in ShippingZone.objects.all() for code in zone.countries}


def delivery_countries() -> dict[str, str]:
    """The countries the shop delivers to ({code: name}, by name): those of the shipping zones that have an active
    method. Checkout, the address book, phone orders and the API offer exactly these."""
    codes = {code for zone in ShippingZone.objects.filter(methods__is_active=True).distinct() for code in zone.countries}
    return dict(country_choices(codes))


def vat_table_for(*, destination: str) -> VatTable:
    """The VAT rates that apply to goods delivered to `destination` (see shopkeep.pricing.vat)."""
    country = vat_country(destination=destination, shop_country=conf.shop_country)
    rates: dict[str, Decimal] = dict(VatRate.objects.filter(country=country).values_list("tax_class", "rate"))
    return VatTable(country=country, rates=rates)


def totals_for(*, lines: Sequence[PricedLine], currency: str, destination: str = "",
               discount: Discount | None = None, shipping: ShippingOption | None = None) -> Totals:
    """Complete totals for `lines` delivered to `destination` (the shop's country when not known yet)."""
    vat = vat_table_for(destination=destination or conf.shop_country)
    return totals_compute(lines=lines, currency=currency, discount=discount, shipping=shipping, vat=vat)


def shipping_methods_by_zone(*, currency: str) -> list[tuple[str, list[ShippingOption]]]:
    """Every active method grouped under its zone's name, in the shop's order (for staff pickers)."""
    zones = ShippingZone.objects.prefetch_related("methods")
    return [(zone.name, [shipping_option(method, currency=currency) for method in zone.methods.all()
                         if method.is_active]) for zone in zones]
