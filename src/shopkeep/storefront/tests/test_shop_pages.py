"""The shop's own pages render from its identity and settings, and every page's footer links them."""

import pytest

from shopkeep.catalog.tests.factories import product_with_sizes
from shopkeep.shop.services import identity_update, page_update
from shopkeep.shop.tests.factories import IDENTITY

pytestmark = pytest.mark.django_db

PAGES = ["/contact/", "/terms/", "/shipping-and-returns/", "/withdrawal/"]


@pytest.fixture
def identity():
    return identity_update(changed_by=None, values=IDENTITY)


def test_the_contact_page_is_the_imprint_generated_from_the_identity(client, identity):
    # given / when
    html = client.get("/contact/").content.decode()

    # then
    assert "<strong>Harbour Socks GmbH</strong><br>" in html
    assert "Hafenstraße 12<br>20457 Hamburg<br>Germany" in html
    assert '<a href="mailto:hallo@harbour-socks.de">hallo@harbour-socks.de</a>' in html
    assert '<a href="tel:+49401234567">+49 40 1234567</a>' in html
    assert "<dt>VAT number</dt><dd>DE123456789</dd>" in html
    assert "datenschutz@harbour-socks.de" in html
    assert '<a href="https://datenschutz-hamburg.de/" rel="noopener noreferrer" data-external>Der Hamburgische' in html


def test_the_shipping_and_returns_page_is_generated_from_the_shipping_rates_and_return_settings(client, identity,
                                                                                                settings):
    # given
    settings.SHOPKEEP_RETURN_WINDOW_DAYS = 30

    # when
    html = client.get("/shipping-and-returns/").content.decode()

    # then
    assert "<h3 class=\"panel-title\">United Kingdom</h3>" in html
    assert "<td>Standard (Royal Mail)</td><td>2–3 working days</td><td class=\"num\">€3.95</td>" in html
    assert "<h3 class=\"panel-title\">27 countries</h3>" in html
    assert "<td>Express courier</td><td>1–2 working days</td><td class=\"num\">€14.95</td>" in html
    assert "<h3 class=\"panel-title\">United States of America</h3>" in html
    assert "You can return or exchange items within <strong>30 days</strong> of delivery." in html
    assert "Harbour Socks Retouren<br>Lagerweg 3<br>21079 Hamburg<br>Germany" in html


def test_the_withdrawal_page_holds_the_instructions_and_the_model_form_addressed_to_the_shop(client, identity):
    # given / when
    html = client.get("/withdrawal/").content.decode()

    # then
    assert "You have the right to withdraw from this contract within 14 days without giving any reason." in html
    assert ("you must inform us (Harbour Socks GmbH, Hafenstraße 12, 20457 Hamburg, Germany, telephone "
            "+49 40 1234567, email <a href=\"mailto:hallo@harbour-socks.de\">") in html
    assert "hand them over to us at Harbour Socks Retouren, Lagerweg 3, 21079 Hamburg, Germany" in html
    assert "<h2 class=\"panel-title\" id=\"form-heading\">Model withdrawal form</h2>" in html
    assert "(complete and return this form only if you wish to withdraw from the contract)" in html
    assert "<li>To Harbour Socks GmbH, Hafenstraße 12, 20457 Hamburg, Germany, email hallo@harbour-socks.de:</li>" in html
    assert ("I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following "
            "goods (*)/for the provision of the following service (*),") in html
    for line in ("Ordered on (*)/received on (*),", "Name of consumer(s),", "Address of consumer(s),",
                 "Signature of consumer(s) (only if this form is notified on paper),", "<li>Date</li>",
                 "(*) Delete as appropriate."):
        assert line in html


def test_the_terms_show_the_default_text_until_the_owner_writes_their_own(client, identity):
    # given
    before = client.get("/terms/").content.decode()

    # when
    page_update(key="terms", body="# 1. Scope\nOur *own* terms.", changed_by=None)
    after = client.get("/terms/").content.decode()

    # then
    assert "<h2>1. Who you buy from</h2>" in before
    assert "The terms for orders placed with Harbour Socks GmbH." in before
    assert "<h2>1. Scope</h2>\n<p>Our <em>own</em> terms.</p>" in after
    assert "Who you buy from" not in after


@pytest.mark.parametrize("path", PAGES)
def test_every_shop_page_is_linked_from_the_footer_of_a_product_page(client, path):
    # given
    product_with_sizes(slug="trail-shoes")

    # when
    html = client.get("/p/trail-shoes/").content.decode()

    # then
    footer = html[html.index('<footer class="site-footer">'):]
    assert f'<a href="{path}">' in footer


@pytest.mark.parametrize("path", PAGES)
def test_every_shop_page_renders_without_an_identity_saved_yet(client, path):
    # given a fresh shop / when
    response = client.get(path)

    # then
    assert response.status_code == 200
    assert "shopkeep demo shop" in response.content.decode()
