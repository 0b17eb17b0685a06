"""`shopkeep seed_demo`: a believable demo shop and its staff, created once."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.pricing.selectors import shipping_methods_for
from shopkeep.conf import conf
from shopkeep.privacy.roles import Role, user_has_role
from shopkeep.support.models import HelpArticle, HelpCategory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; these tests are about accounts and roles, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PASSWORD_LINE = re.compile(r"^\s+(\w+)\s+(\S+@shopkeep\.localhost)\s+(\S+)  TOTP key ([A-Z2-7]+)$", re.MULTILINE)


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def sizes_of(slug: str) -> list[str]:
    return list(Variant.objects.filter(product__slug=slug).order_by("position").values_list("size", flat=True))


def test_seed_demo_creates_at_least_60_products_in_at_least_6_categories():
    # when
    output = seed_demo()

    # then
    assert Product.objects.count() >= 60
    assert Category.objects.filter(products__isnull=False).distinct().count() >= 6
    assert not Product.objects.filter(variants__isnull=True).exists()
    assert set(Variant.objects.values_list("currency", flat=True)) == {conf.currency}
    assert all(isinstance(price, Decimal) and price > 0 for price in Variant.objects.values_list("price", flat=True))
    assert output.startswith(
        f"Demo catalogue: created {Category.objects.count()} categories, {Product.objects.count()} products "
        f"and {Variant.objects.count()} variants."
    )


def test_seed_demo_gives_socks_shoes_and_dresses_sizes_and_electronics_a_single_variant():
    # when
    seed_demo()

    # then
    assert sizes_of("merino-rib-crew-socks") == ["S 35–38", "M 39–42", "L 43–46"]
    assert sizes_of("classic-leather-chelsea-boots") == [f"EU {size}" for size in range(36, 47)]
    assert sizes_of("linen-wrap-dress") == ["XS", "S", "M", "L", "XL"]
    assert sizes_of("wireless-over-ear-headphones") == [""]
    assert sizes_of("hdmi-21-cable-15-m") == [""]
    for product in Product.objects.filter(kind__in=["electronics"]):
        assert product.variants.count() == 1


def test_seed_demo_products_have_an_image_kind_that_fits_their_category():
    # when
    seed_demo()

    # then
    kinds = dict(Category.objects.values_list("slug", "products__kind").distinct())
    assert kinds["socks"] == "socks"
    assert kinds["shoes"] == "shoes"
    assert kinds["dresses"] == "dress"
    assert kinds["electronics"] == "electronics"
    assert kinds["cables-adapters"] == "electronics"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in Product.objects.values_list("colour", flat=True))
    assert all(re.fullmatch(r"#[0-9a-f]{6}", accent) for accent in Product.objects.values_list("accent", flat=True))


def test_seed_demo_leaves_some_sizes_low_in_stock_and_some_sold_out():
    # when
    seed_demo()

    # then
    assert Variant.objects.filter(stock=0).count() >= 3
    assert Variant.objects.filter(stock__in=[1, 2, 3]).count() >= 3
    assert Variant.objects.filter(stock__gt=3).count() > Variant.objects.count() // 2


def test_seed_demo_creates_one_staff_account_per_role_in_its_group_and_prints_its_password():
    # when
    output = seed_demo()

    # then
    lines = PASSWORD_LINE.findall(output)
    printed = {role: (email, password) for role, email, password, _secret in lines}
    assert sorted(printed) == sorted(Role.values)
    # and each printed TOTP key is the account's confirmed authenticator (staff sign in with it, P-38)
    from base64 import b32decode

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _role, email, _password, secret in lines:
        device = TOTPDevice.objects.get(user__email_index=get_user_model().objects.get_by_natural_key(email).email_index)
        assert device.confirmed
        key = b32decode(secret + "=" * (-len(secret) % 8))
        assert device.verify_token(str(totp(key)).zfill(6))
    for role, (email, password) in printed.items():
        user = get_user_model().objects.get_by_natural_key(email)
        assert user.is_staff and user.is_active
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_superuser == (role == Role.OWNER)
        assert user_has_role(user, role)
        assert len(password) >= 20
        assert user.check_password(password)
    assert printed["owner"][0] == "owner@shopkeep.localhost"
    assert not user_has_role(get_user_model().objects.get_by_natural_key(printed["marketing"][0]), Role.BILLING)


def test_seed_demo_run_twice_changes_nothing_and_prints_no_password():
    # given
    seed_demo()
    before = (
        list(Product.objects.values_list("slug", "updated_at")),
        list(Variant.objects.values_list("sku", "price", "stock")),
        list(get_user_model().objects.values_list("email", "password")),
    )

    # when
    output = seed_demo()

    # then
    after = (
        list(Product.objects.values_list("slug", "updated_at")),
        list(Variant.objects.values_list("sku", "price", "stock")),
        list(get_user_model().objects.values_list("email", "password")),
    )
    assert after == before
    assert PASSWORD_LINE.findall(output) == []
    assert "Demo catalogue already present: nothing changed." in output
    assert "Staff accounts already exist: owner@shopkeep.localhost," in output
    assert "To set a new password: shopkeep changepassword <email>" in output


def test_seed_demo_keeps_stock_that_customers_have_bought():
    # given
    seed_demo()
    Variant.objects.filter(sku="SOX-001-M").update(stock=0)

    # when
    seed_demo()

    # then
    assert Variant.objects.get(sku="SOX-001-M").stock == 0


def test_seed_demo_ships_a_help_center_whose_delivery_article_follows_the_shipping_rates():
    # when
    output = seed_demo()
    again = seed_demo()

    # then
    assert "Help center: created 5 categories and 8 articles." in output
    assert "Help center already present: nothing changed." in again
    assert list(HelpCategory.objects.values_list("name", flat=True)) == [
        "Delivery", "Returns and exchanges", "Payment", "Sizes", "Privacy and your data"]
    slugs = set(HelpArticle.objects.values_list("slug", flat=True))
    assert {"delivery-times-and-costs", "returns-and-exchanges", "payment-and-when-you-are-charged", "size-guide",
            "privacy-and-your-rights"} <= slugs
    delivery = HelpArticle.objects.get(slug="delivery-times-and-costs").body
    for country in ("GB", "US", "DE"):
        for method in shipping_methods_for(country=country, currency=conf.currency):
            assert f"- **{method.name}**: {method.price}, {method.delivery}" in delivery
    assert "# United Kingdom" in delivery and "# United States" in delivery and "Germany" in delivery
    returns = HelpArticle.objects.get(slug="returns-and-exchanges").body
    assert f"**{conf.return_window_days} days of delivery**" in returns
    payment = HelpArticle.objects.get(slug="payment-and-when-you-are-charged").body
    assert "only *authorised*" in payment and "**When we dispatch**" in payment
    privacy = HelpArticle.objects.get(slug="privacy-and-your-rights").body
    assert "[privacy notice](/privacy/)" in privacy and "[write to us](/help/contact/)" in privacy
