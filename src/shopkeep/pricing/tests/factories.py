"""Plain factory functions for pricing data and inputs. The migrations seed the demo zones, methods and EU VAT
rates, so most tests need none of these; use them for a shop with other data."""

from decimal import Decimal

from shopkeep.catalog.models import TaxClass
from shopkeep.money import Money
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import PricedLine
from shopkeep.pricing.vat import VatTable


def shipping_zone_create(*, name: str = "Japan", countries: tuple[str, ...] = ("JP",), position: int = 10
                         ) -> ShippingZone:
    """Create a shipping zone (checked like the admin form checks it)."""
    zone = ShippingZone(name=name, countries=list(countries), position=position)
    zone.full_clean()
    zone.save()
    return zone


def shipping_method_create(*, zone: ShippingZone, code: str = "jp-standard", name: str = "Standard to Japan",
                           price: str = "19.95", free_over: str | None = None, delivery: str = "8–12 working days",
                           is_active: bool = True, position: int = 0) -> ShippingMethod:
    """Create a shipping method; with `free_over` it is free from that amount."""
    kind = ShippingMethod.Kind.FREE_OVER if free_over is not None else ShippingMethod.Kind.FLAT
    return ShippingMethod.objects.create(
        zone=zone, code=code, name=name, kind=kind, price=Decimal(price),
        free_over=Decimal(free_over) if free_over is not None else None, delivery=delivery, is_active=is_active,
        position=position,
    )


def vat_rate_set(*, country: str, tax_class: str = TaxClass.STANDARD, rate: str) -> VatRate:
    """Set the VAT rate of one country and tax class."""
    return VatRate.objects.update_or_create(country=country, tax_class=tax_class,
                                            defaults={"rate": Decimal(rate)})[0]


def priced_line(price: str, quantity: int = 1, *, tax_class: str = TaxClass.STANDARD, currency: str = "EUR",
                sku: str = "SKU") -> PricedLine:
    """A line to price."""
    return PricedLine(sku=sku, name="Socks", size="", unit_price=Money(Decimal(price), currency), quantity=quantity,
                      tax_class=tax_class)


def flat_shipping(price: str, *, currency: str = "EUR", free_over: str | None = None) -> ShippingOption:
    """A shipping option costing `price`, free from `free_over` if given."""
    return ShippingOption(code="flat", name="Flat", delivery="soon", price=Money(Decimal(price), currency),
                          free_over=Money(Decimal(free_over), currency) if free_over is not None else None)


def vat_table(*, country: str = "DE", standard: str = "19", reduced: str = "7", zero: str = "0") -> VatTable:
    """A VAT table without the database."""
    return VatTable(country=country, rates={TaxClass.STANDARD: Decimal(standard), TaxClass.REDUCED: Decimal(reduced),
                                            TaxClass.ZERO: Decimal(zero)})
