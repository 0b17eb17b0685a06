"""VAT: prices include it, at the rate of the destination (EU) or of the shop's country (elsewhere)."""

from decimal import Decimal

import pytest

from shopkeep.catalog.models import TaxClass
from shopkeep.environment import ConfigurationError, read
from shopkeep.money import Money
from shopkeep.pricing.errors import VatRateMissing
from shopkeep.pricing.models import VatRate
from shopkeep.pricing.selectors import totals_for, vat_table_for
from shopkeep.pricing.tests.factories import flat_shipping, priced_line, vat_rate_set, vat_table
from shopkeep.pricing.totals import Discount, VatLine, totals_compute
from shopkeep.pricing.vat import rate_percent, vat_country

R = TaxClass.REDUCED
Z = TaxClass.ZERO


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def vat(*pairs: tuple[str, str]) -> tuple[VatLine, ...]:
    return tuple(VatLine(rate=Decimal(rate), amount=eur(amount)) for rate, amount in pairs)


@pytest.mark.parametrize(("destination", "shop", "country"), [
    ("FR", "DE", "FR"), ("de", "DE", "DE"), ("SE", "FR", "SE"), ("GB", "DE", "DE"), ("US", "FR", "FR"), ("", "DE", "DE"),
])
def test_the_destinations_vat_applies_inside_the_eu_and_the_shops_own_elsewhere(destination, shop, country):
    # when / then
    assert vat_country(destination=destination, shop_country=shop) == country


@pytest.mark.django_db
@pytest.mark.parametrize(("destination", "standard", "reduced"), [
    ("DE", "19.00", "7.00"), ("FR", "20.00", "5.50"), ("SE", "25.00", "12.00"), ("GB", "19.00", "7.00"),
    ("US", "19.00", "7.00"),
])
def test_the_migrations_seed_eu_rates_per_country_and_class(destination, standard, reduced):
    # when
    table = vat_table_for(destination=destination)
    # then
    assert table.rates == {TaxClass.STANDARD: Decimal(standard), R: Decimal(reduced), Z: Decimal("0.00")}
    assert VatRate.objects.count() == 27 * 3


@pytest.mark.django_db
def test_deliveries_outside_the_eu_use_the_shop_country_from_the_setting(settings):
    # given
    settings.SHOPKEEP_SHOP_COUNTRY = "FR"
    # when
    totals = totals_for(lines=[priced_line("120.00")], currency="EUR", destination="US")
    # then
    assert totals.vat == vat(("20", "20.00"))


@pytest.mark.django_db
def test_a_rate_the_shop_edits_is_used_from_then_on():
    # given
    vat_rate_set(country="FR", tax_class=R, rate="10")
    # when
    totals = totals_for(lines=[priced_line("11.00", tax_class=R)], currency="EUR", destination="FR")
    # then
    assert totals.vat == vat(("10", "1.00"))


@pytest.mark.django_db
def test_a_missing_rate_is_named_so_the_shop_can_add_it(settings):
    # given
    settings.SHOPKEEP_SHOP_COUNTRY = "CH"
    # when / then
    with pytest.raises(VatRateMissing, match="There is no VAT rate for standard goods in CH; add one under Pricing"):
        totals_for(lines=[priced_line("10.00")], currency="EUR", destination="US")


def test_vat_is_shown_per_rate_for_a_mixed_cart_with_shipping_at_the_standard_rate():
    # given: 2 × 11.90 standard, 1 × 10.70 reduced, 1 × 5.00 zero, shipping 5.95
    lines = [priced_line("11.90", 2), priced_line("10.70", tax_class=R, sku="B"), priced_line("5.00", tax_class=Z, sku="C")]
    # when
    totals = totals_compute(lines=lines, currency="EUR", shipping=flat_shipping("5.95"), vat=vat_table())
    # then: (23.80 + 5.95) × 19/119 = 4.75; 10.70 × 7/107 = 0.70; nothing at 0 %
    assert totals.total == eur("45.45")
    assert totals.vat == vat(("19", "4.75"), ("7", "0.70"))
    assert totals.vat_total == eur("5.45")


def test_shipping_is_taxed_at_the_standard_rate_even_when_every_item_is_reduced():
    # when
    totals = totals_compute(lines=[priced_line("10.70", tax_class=R)], currency="EUR",
                            shipping=flat_shipping("11.90"), vat=vat_table())
    # then
    assert totals.vat == vat(("19", "1.90"), ("7", "0.70"))


def test_a_discount_lowers_the_vat_of_each_rate_in_proportion():
    # given: half of the items standard, half reduced, 10 % off
    lines = [priced_line("50.00"), priced_line("50.00", tax_class=R, sku="B")]
    discount = Discount(kind=Discount.PERCENT, value=Decimal("10"), label="Sale")
    # when
    totals = totals_compute(lines=lines, currency="EUR", discount=discount, vat=vat_table())
    # then: 45.00 × 19/119 = 7.18; 45.00 × 7/107 = 2.94
    assert (totals.discount, totals.total) == (eur("10.00"), eur("90.00"))
    assert totals.vat == vat(("19", "7.18"), ("7", "2.94"))


def test_classes_with_the_same_rate_share_one_vat_line():
    # given: a country without a separate reduced rate
    table = vat_table(country="DK", standard="25", reduced="25")
    # when
    totals = totals_compute(lines=[priced_line("12.50"), priced_line("12.50", tax_class=R, sku="B")],
                            currency="EUR", vat=table)
    # then
    assert totals.vat == vat(("25", "5.00"))


def test_totals_without_a_vat_table_have_no_vat_lines():
    # when
    totals = totals_compute(lines=[priced_line("10.00")], currency="EUR")
    # then
    assert (totals.vat, totals.vat_total) == ((), eur("0.00"))


@pytest.mark.parametrize(("rate", "text"), [("19.00", "19%"), ("5.50", "5.5%"), ("20", "20%"), ("25.5", "25.5%")])
def test_a_rate_reads_as_people_write_it(rate, text):
    # when / then
    assert rate_percent(Decimal(rate)) == text


@pytest.mark.parametrize(("value", "result"), [("", "DE"), ("fr", "FR")])
def test_the_shop_country_setting_reads_a_two_letter_code(value, result):
    # when / then
    assert read("SHOPKEEP_SHOP_COUNTRY", {"SHOPKEEP_SHOP_COUNTRY": value}) == result


@pytest.mark.parametrize("value", ["DEU", "1", "D-"])
def test_the_shop_country_setting_refuses_anything_but_a_two_letter_code(value):
    # when / then
    with pytest.raises(ConfigurationError, match="SHOPKEEP_SHOP_COUNTRY must be a two-letter ISO 3166 country code"):
        read("SHOPKEEP_SHOP_COUNTRY", {"SHOPKEEP_SHOP_COUNTRY": value})
