import pytest
from django.urls import reverse

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import variant_create
from shopkeep.cart.identity import CART_COOKIE

FORM_PAGES = ["customers:register", "customers:login", "customers:password_reset", "support:contact"]


@pytest.mark.django_db
@pytest.mark.promise("P-04")
@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_asking_for_personal_data_links_the_privacy_notice_next_to_it(client, name):
    page = client.get(reverse(name)).content.decode()
    form_end = page.index("</form>")
    notice = page.index('class="small muted privacy-note"')
    assert notice > form_end and 'href="/privacy/"' in page[notice:notice + 400]


@pytest.mark.django_db
@pytest.mark.promise("P-04")
def test_the_checkout_form_links_the_privacy_notice(client):
    cart = cart_with_lines((variant_create(stock=3), 1))
    client.cookies[CART_COOKIE] = cart.token
    page = client.get(reverse("checkout:details")).content.decode()
    assert 'class="small muted privacy-note"' in page and 'href="/privacy/"' in page


@pytest.mark.django_db
@pytest.mark.promise("P-04")
@pytest.mark.parametrize("path", ["/", "/search/?q=sock", "/cart/", "/privacy/", "/account/login/"])
def test_every_page_links_the_privacy_notice_in_its_footer(client, path):
    page = client.get(path).content.decode()
    footer = page[page.index("<footer"):]
    assert 'href="/privacy/"' in footer
