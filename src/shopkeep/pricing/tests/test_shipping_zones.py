"""Shipping zones and methods are shop data: which methods reach a country, and what they cost."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models.signals import post_migrate

from shopkeep.money import Money
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.pricing.selectors import shipping_method_get, shipping_methods_for, shipping_zone_for
from shopkeep.pricing.tests.factories import flat_shipping, priced_line, shipping_method_create, shipping_zone_create
from shopkeep.pricing.totals import Discount, totals_compute

pytestmark = pytest.mark.django_db


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_a_fresh_shop_has_the_demo_zones_and_methods_from_its_migrations():
    # when
    gb = shipping_methods_for(country="GB", currency="EUR")
    se = shipping_methods_for(country="se", currency="EUR")
    us = shipping_methods_for(country="US", currency="EUR")
    # then
    assert [(m.code, m.name, m.price, m.delivery) for m in gb] == [
        ("gb-standard", "Standard (Royal Mail)", eur("3.95"), "2–3 working days"),
        ("gb-express", "Express (next working day)", eur("7.95"), "next working day"),
    ]
    assert [(m.code, m.price) for m in se] == [("eu-standard", eur("5.95")), ("eu-express", eur("14.95"))]
    assert [(m.code, m.price) for m in us] == [("us-standard", eur("12.95")), ("us-express", eur("29.95"))]
    assert list(ShippingZone.objects.values_list("name", flat=True)) == [
        "United Kingdom", "European Union", "United States"]
    assert len(ShippingZone.objects.get(name="European Union").countries) == 27


def test_a_country_no_zone_serves_has_no_methods():
    # when / then
    assert shipping_zone_for(country="JP") is None
    assert shipping_methods_for(country="JP", currency="EUR") == []
    assert shipping_method_get(code="gb-standard", country="JP", currency="EUR") is None


def test_a_method_is_only_offered_to_the_countries_of_its_own_zone():
    # when / then
    assert shipping_method_get(code="gb-standard", country="GB", currency="EUR").price == eur("3.95")
    assert shipping_method_get(code="gb-standard", country="DE", currency="EUR") is None


def test_a_country_is_served_by_one_zone_only():
    # given
    zones_before = list(ShippingZone.objects.values_list("id", "countries"))
    # when
    with pytest.raises(ValidationError) as refused:
        shipping_zone_create(name="Nordics", countries=("NO", "SE", "DK"))
    # then
    assert refused.value.message_dict == {"countries": [
        "Already in another zone: DK (European Union), SE (European Union). A country belongs to one zone only."]}
    assert list(ShippingZone.objects.values_list("id", "countries")) == zones_before
    assert shipping_zone_for(country="SE").name == "European Union"


def test_a_zone_refuses_a_country_code_that_is_not_two_letters():
    # when / then
    with pytest.raises(ValidationError, match="Use two-letter country codes"):
        shipping_zone_create(name="Somewhere", countries=("JPN",))
    assert not ShippingZone.objects.filter(name="Somewhere").exists()


def test_a_new_zone_and_method_are_offered_at_once_and_the_api_lists_them(client):
    # given
    zone = shipping_zone_create(name="Japan", countries=("jp",))
    shipping_method_create(zone=zone, code="jp-express", name="Express to Japan", price="39.00", position=1)
    shipping_method_create(zone=zone, code="jp-standard", name="Standard to Japan", price="19.95", position=0)
    # when
    response = client.get("/api/v1/shipping-methods", {"country": "JP"})
    # then
    assert zone.countries == ["JP"]
    assert response.status_code == 200
    assert response.json() == [
        {"code": "jp-standard", "name": "Standard to Japan", "price": "19.95", "currency": "EUR"},
        {"code": "jp-express", "name": "Express to Japan", "price": "39.00", "currency": "EUR"},
    ]


def test_an_inactive_method_is_not_offered():
    # given
    ShippingMethod.objects.filter(code="gb-express").update(is_active=False)
    # when / then
    assert [m.code for m in shipping_methods_for(country="GB", currency="EUR")] == ["gb-standard"]
    assert shipping_method_get(code="gb-express", country="GB", currency="EUR") is None


def test_a_free_from_method_needs_its_threshold():
    # given
    method = ShippingMethod(code="x", name="X", zone=ShippingZone.objects.first(), kind=ShippingMethod.Kind.FREE_OVER,
                            price=Decimal("4.95"), delivery="soon")
    # when / then
    with pytest.raises(ValidationError, match="Enter the amount from which this method is free."):
        method.full_clean()


@pytest.mark.parametrize(("items", "shipping"), [("49.99", "4.95"), ("50.00", "0.00"), ("50.01", "0.00")])
def test_free_shipping_starts_exactly_at_the_threshold(items, shipping):
    # given
    zone = shipping_zone_create()
    shipping_method_create(zone=zone, code="jp-free", price="4.95", free_over="50.00")
    method = shipping_method_get(code="jp-free", country="JP", currency="EUR")
    # when
    totals = totals_compute(lines=[priced_line(items)], currency="EUR", shipping=method)
    # then
    assert method.free_over == eur("50.00")
    assert totals.shipping == eur(shipping)
    assert totals.total == eur(items) + eur(shipping)


def test_a_discount_that_takes_the_items_below_the_threshold_brings_the_shipping_charge_back():
    # given
    method = flat_shipping("4.95", free_over="50.00")
    discount = Discount(kind=Discount.FIXED, value=Decimal("0.01"), label="Voucher")
    # when
    totals = totals_compute(lines=[priced_line("50.00")], currency="EUR", shipping=method, discount=discount)
    # then
    assert (totals.discount, totals.shipping, totals.total) == (eur("0.01"), eur("4.95"), eur("54.94"))


def send_post_migrate(**kwargs) -> None:
    config = apps.get_app_config("pricing")
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default", **kwargs)


def test_after_a_flush_the_default_zones_methods_and_rates_are_back_as_in_a_fresh_database():
    # given: flush empties every table, then sends post_migrate without a migration plan
    ShippingZone.objects.all().delete()
    VatRate.objects.all().delete()
    # when
    send_post_migrate()
    # then
    assert [m.code for m in shipping_methods_for(country="GB", currency="EUR")] == ["gb-standard", "gb-express"]
    assert VatRate.objects.count() == 27 * 3


def test_a_migrate_does_not_bring_back_zones_the_shop_deleted():
    # given
    ShippingZone.objects.filter(name="United States").delete()
    # when
    send_post_migrate(plan=[])
    # then
    assert shipping_methods_for(country="US", currency="EUR") == []
