"""Every staff role against the catalogue, shipping/VAT and staff screens gets the page (200) or the back office's
styled 403, as its role allows; a customer and a visitor get nothing."""

import pytest
from django.urls import reverse

from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.customers.models import User
from shopkeep.pricing.models import ShippingMethod, ShippingZone
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login, staff_user

pytestmark = pytest.mark.django_db

OWNER_ONLY = "owner"
STOCK = "stock"


def screens():
    product = product_create(name="Matrix socks")
    variant = variant_create(product=product)
    zone = ShippingZone.objects.first()
    method = ShippingMethod.objects.first()
    colleague = staff_user(Role.BILLING, email="colleague@shop.example")
    return [
        (reverse("backoffice_catalog:products"), OWNER_ONLY),
        (reverse("backoffice_catalog:product_new"), OWNER_ONLY),
        (reverse("backoffice_catalog:product_edit", args=[product.pk]), OWNER_ONLY),
        (reverse("backoffice_catalog:product_delete", args=[product.pk]), OWNER_ONLY),
        (reverse("backoffice_catalog:categories"), OWNER_ONLY),
        (reverse("backoffice_catalog:category_new"), OWNER_ONLY),
        (reverse("backoffice_catalog:category_edit", args=[product.category_id]), OWNER_ONLY),
        (reverse("backoffice_catalog:import"), OWNER_ONLY),
        (reverse("backoffice_catalog:export"), OWNER_ONLY),
        (reverse("backoffice_catalog:stock"), STOCK),
        (reverse("backoffice_catalog:stock_variant", args=[variant.pk]), STOCK),
        (reverse("backoffice_settings:shipping"), OWNER_ONLY),
        (reverse("backoffice_settings:zone_new"), OWNER_ONLY),
        (reverse("backoffice_settings:zone_edit", args=[zone.pk]), OWNER_ONLY),
        (reverse("backoffice_settings:zone_delete", args=[zone.pk]), OWNER_ONLY),
        (reverse("backoffice_settings:method_new"), OWNER_ONLY),
        (reverse("backoffice_settings:method_edit", args=[method.pk]), OWNER_ONLY),
        (reverse("backoffice_settings:method_delete", args=[method.pk]), OWNER_ONLY),
        (reverse("backoffice_settings:vat"), OWNER_ONLY),
        (reverse("backoffice_settings:history"), OWNER_ONLY),
        (reverse("backoffice_staff:list"), OWNER_ONLY),
        (reverse("backoffice_staff:edit", args=[colleague.pk]), OWNER_ONLY),
    ]


def allowed(role: str, rule: str) -> bool:
    return role == Role.OWNER or (rule == STOCK and role == Role.FULFILMENT)


@pytest.mark.promise("P-36")
@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_the_screen_or_the_styled_403(client, role):
    # given
    staff_login(client, role)
    pages = screens()

    for url, rule in pages:
        # when
        response = client.get(url)

        # then
        if allowed(role, rule):
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url
            page = response.content.decode()
            assert "This screen is not part of your role" in page, url
            assert "backoffice.css" in page and "Back to your work queues" in page


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.OWNER])
def test_posts_to_screens_a_role_may_not_open_are_refused_and_change_nothing(client, role):
    # given
    staff_login(client, role)
    zones = list(ShippingZone.objects.values_list("id", "countries"))

    # when
    responses = [client.post(reverse("backoffice_settings:zone_new"), {"name": "X", "countries": "JP"}),
                 client.post(reverse("backoffice_staff:invite"), {"email": "x@shop.example", "role": "owner"}),
                 client.post(reverse("backoffice_catalog:category_new"), {"name": "X"})]

    # then
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert list(ShippingZone.objects.values_list("id", "countries")) == zones
    assert not User.objects.with_email("x@shop.example").exists()


def test_a_customer_gets_nothing_from_any_staff_screen(client):
    # given
    customer = User.objects.create_user("buyer@example.com", "a long customer password 1")
    client.force_login(customer)
    pages = screens() + [(reverse("backoffice:home"), OWNER_ONLY)]

    for url, _ in pages:
        # when
        response = client.get(url)

        # then
        page = response.content.decode()
        assert response.status_code == 403, url
        assert "backoffice.css" not in page and "Matrix socks" not in page and "This page is not available" in page


def test_a_visitor_is_sent_to_the_login_page(client):
    # given
    pages = screens()

    for url, _ in pages:
        # when
        response = client.get(url)

        # then
        assert response.status_code == 302 and response["Location"].startswith(reverse("customers:login")), url
