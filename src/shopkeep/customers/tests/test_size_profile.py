"""Optional size facts only behind an unticked consent, used only to mark the customer's size, deleted when
consent is withdrawn (P-02)."""

import pytest

from shopkeep.catalog.tests.factories import product_with_sizes
from shopkeep.customers.models import SizeProfile
from shopkeep.customers.tests.factories import customer_create

pytestmark = pytest.mark.django_db


def _save(client, **data):
    return client.post("/account/privacy/", {"action": "sizes", **data})


@pytest.fixture
def shoes():
    return product_with_sizes(name="Trail Shoes", slug="trail-shoes", kind="shoes",
                              sizes={"EU 41": 5, "EU 42": 5, "EU 43": 5})


@pytest.mark.promise("P-02")
def test_the_consent_box_starts_unticked_and_sizes_without_it_are_refused(client):
    # given
    customer = customer_create()
    client.force_login(customer)

    # when
    page = client.get("/account/privacy/").content.decode()
    refused = _save(client, shoe_size="EU 42")

    # then
    assert 'name="consent"' in page and 'name="consent" checked' not in page
    assert refused.status_code == 200
    assert "Tick the box to let us keep your sizes" in refused.content.decode()
    assert SizeProfile.objects.count() == 0


@pytest.mark.promise("P-02")
def test_sizes_kept_with_consent_mark_the_size_and_withdrawing_consent_deletes_them(client, shoes):
    # given
    customer = customer_create()
    client.force_login(customer)
    url = f"/p/{shoes.slug}/"

    # when she consents and saves her shoe size
    _save(client, consent="on", shoe_size="EU 42", sock_size="M")

    # then the product page marks it, for her only
    profile = SizeProfile.objects.get(customer=customer)
    assert (profile.shoe_size, profile.sock_size) == ("EU 42", "M")
    html = client.get(url).content.decode()
    assert html.count("Your size</span>") == 1
    assert html.index("EU 42") < html.index("Your size</span>") < html.index("EU 43")
    client.logout()
    assert "Your size</span>" not in client.get(url).content.decode()

    # when she withdraws consent
    client.force_login(customer)
    _save(client, shoe_size="", sock_size="")

    # then the sizes are deleted and nothing is marked
    assert SizeProfile.objects.count() == 0
    assert "Your size</span>" not in client.get(url).content.decode()
