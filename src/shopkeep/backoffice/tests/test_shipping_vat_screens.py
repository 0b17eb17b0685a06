"""The owner sets shipping zones, methods and rates and VAT rates in the back office, each change kept in the
history; a country added to a zone with a method is selectable at checkout and in the address book at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.pricing.models import PricingChange, ShippingMethod, ShippingZone, VatRate
from shopkeep.pricing.selectors import delivery_countries, shipping_methods_for
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


def test_a_new_zone_with_a_method_makes_its_country_selectable_at_checkout(client):
    # given
    owner = staff_login(client, Role.OWNER)
    assert "CH" not in delivery_countries()

    # when
    zone_response = client.post(reverse("backoffice_settings:zone_new"),
                                {"name": "Switzerland", "countries": "ch, li", "position": "5"})
    zone = ShippingZone.objects.get(name="Switzerland")
    without_method = delivery_countries()
    method_response = client.post(reverse("backoffice_settings:method_new"), {
        "name": "Swiss Post", "code": "ch-standard", "zone": zone.pk, "kind": "free_over", "price": "9.50",
        "free_over": "80.00", "delivery": "3–5 working days", "is_active": "on", "position": "0"})

    # then
    assert zone_response.status_code == method_response.status_code == 302
    assert zone.countries == ["CH", "LI"]
    assert "CH" not in without_method
    assert delivery_countries()["CH"] == "Switzerland"
    [option] = shipping_methods_for(country="CH", currency="EUR")
    assert (option.code, option.price.amount, option.free_over.amount) == ("ch-standard", Decimal("9.50"),
                                                                           Decimal("80.00"))
    assert 'value="CH"' in client.get(reverse("customers:address_add")).content.decode()
    changes = list(PricingChange.objects.order_by("id").values_list("kind", "action", "changed_by"))
    assert changes == [("shipping zone", "created", owner.pk), ("shipping method", "created", owner.pk)]


def test_a_country_already_in_a_zone_or_not_a_country_is_refused_and_nothing_changes(client):
    # given
    staff_login(client, Role.OWNER)
    zones_before = list(ShippingZone.objects.values_list("name", "countries"))

    # when
    clash = client.post(reverse("backoffice_settings:zone_new"), {"name": "Mixed", "countries": "DE, JP",
                                                                  "position": "5"})
    nonsense = client.post(reverse("backoffice_settings:zone_new"), {"name": "Nowhere", "countries": "XX",
                                                                     "position": "5"})

    # then
    assert clash.status_code == nonsense.status_code == 400
    assert "Already in another zone: DE (European Union). A country belongs to one zone only." in \
        clash.content.decode()
    assert "Not a country code: XX." in nonsense.content.decode()
    assert list(ShippingZone.objects.values_list("name", "countries")) == zones_before
    assert not PricingChange.objects.exists()


def test_a_rate_change_shows_in_the_history_with_before_and_after(client):
    # given
    owner = staff_login(client, Role.OWNER)
    method = ShippingMethod.objects.get(code="gb-standard")

    # when
    client.post(reverse("backoffice_settings:method_edit", args=[method.pk]), {
        "name": method.name, "code": method.code, "zone": method.zone_id, "kind": "flat", "price": "4.50",
        "free_over": "", "delivery": method.delivery, "is_active": "on", "position": "0"})
    page = client.get(reverse("backoffice_settings:history")).content.decode()

    # then
    method.refresh_from_db()
    assert method.price == Decimal("4.50")
    change = PricingChange.objects.get()
    assert (change.action, change.changed_by, change.differences) == ("changed", owner, [("price", "3.95", "4.50")])
    assert "price: 3.95 → 4.50" in page


def test_deleting_a_zone_removes_its_countries_from_checkout_and_keeps_the_history(client):
    # given
    staff_login(client, Role.OWNER)
    zone = ShippingZone.objects.get(name="United States")

    # when
    client.post(reverse("backoffice_settings:zone_delete", args=[zone.pk]))

    # then
    assert "US" not in delivery_countries()
    assert sorted(PricingChange.objects.values_list("kind", "action")) == [
        ("shipping method", "deleted"), ("shipping method", "deleted"), ("shipping zone", "deleted")]


def test_the_owner_sets_a_countrys_vat_rates(client):
    # given
    staff_login(client, Role.OWNER)

    # when
    response = client.post(reverse("backoffice_settings:vat"), {"country": "ch", "standard": "8.1", "reduced": "2.6",
                                                                "zero": "0"})
    refused = client.post(reverse("backoffice_settings:vat"), {"country": "DE", "standard": "120", "reduced": "7",
                                                               "zero": "0"})

    # then
    assert response.status_code == 302
    assert dict(VatRate.objects.filter(country="CH").values_list("tax_class", "rate")) == {
        "standard": Decimal("8.10"), "reduced": Decimal("2.60"), "zero": Decimal("0.00")}
    assert refused.status_code == 400
    assert VatRate.objects.get(country="DE", tax_class="standard").rate == Decimal("19")
    assert PricingChange.objects.filter(kind="VAT rate").count() == 3
