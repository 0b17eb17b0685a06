"""The owner runs the catalogue from the back office: products, sizes, prices, stock, pictures, categories and CSV.
Every change shows in the shop on the very next request; refused input changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from shopkeep.catalog.models import Category, Product, ProductPicture, StockMovement, Variant
from shopkeep.catalog.services import stock_reserve
from shopkeep.catalog.signals import catalog_changed
from shopkeep.catalog.tests.factories import category_create, product_create, variant_create
from shopkeep.catalog.transfer import catalog_export
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}


def png(width=400, height=300, colour=(200, 30, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def product_form(category, *, name="Harbour Socks", price="12.50", stock="7", **extra):
    data = {
        "name": name, "slug": "", "category": category.pk, "kind": "socks", "description": "Warm.",
        "tax_class": "standard", "is_active": "on", "colour": "#4f6d7a", "accent": "#f2c14e",
        "sizes-TOTAL_FORMS": "2", "sizes-INITIAL_FORMS": "0", "sizes-MIN_NUM_FORMS": "0", "sizes-MAX_NUM_FORMS": "100",
        "sizes-0-size": "36-40", "sizes-0-sku": "HARB-S", "sizes-0-price": price, "sizes-0-stock": stock,
        "sizes-0-position": "0", "sizes-0-stock_shown": "0",
        "sizes-1-size": "41-46", "sizes-1-sku": "HARB-L", "sizes-1-price": price, "sizes-1-stock": "3",
        "sizes-1-position": "0", "sizes-1-stock_shown": "0",
    }
    data.update(extra)
    return data


def edit_form(product, **changes):
    """The product's edit form as the page shows it, with `changes` applied."""
    variants = list(product.variants.all())
    data = {
        "name": product.name, "slug": product.slug, "category": product.category_id, "kind": product.kind,
        "description": product.description, "tax_class": product.tax_class, "colour": product.colour,
        "accent": product.accent, "sizes-TOTAL_FORMS": str(len(variants)), "sizes-INITIAL_FORMS": str(len(variants)),
        "sizes-MIN_NUM_FORMS": "0", "sizes-MAX_NUM_FORMS": "100",
    }
    if product.is_active:
        data["is_active"] = "on"
    for i, v in enumerate(variants):
        data.update({f"sizes-{i}-id": v.pk, f"sizes-{i}-size": v.size, f"sizes-{i}-sku": v.sku,
                     f"sizes-{i}-price": str(v.price), f"sizes-{i}-stock": str(v.stock),
                     f"sizes-{i}-stock_shown": str(v.stock), f"sizes-{i}-position": v.position})
    data.update(changes)
    return data


def test_a_product_created_with_two_sizes_is_in_the_shop_on_the_next_request(client):
    # given
    category = category_create(name="Socks", slug="socks")
    staff_login(client, Role.OWNER)

    # when
    response = client.post(reverse("backoffice_catalog:product_new"), product_form(category))

    # then
    product = Product.objects.get(name="Harbour Socks")
    assert response.status_code == 302
    assert product.slug == "harbour-socks"
    assert [(v.size, v.sku, str(v.price), v.stock) for v in product.variants.order_by("sku")] == [
        ("41-46", "HARB-L", "12.50", 3), ("36-40", "HARB-S", "12.50", 7)]
    assert sorted(StockMovement.objects.values_list("sku", "change", "reason")) == [
        ("HARB-L", 3, "initial"), ("HARB-S", 7, "initial")]
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Harbour Socks" in page and "36-40" in page and "€12.50" in page
    assert "Harbour Socks" in client.get(reverse("catalog:category", args=["socks"])).content.decode()


def test_price_and_stock_edits_show_in_the_shop_at_once_and_the_stock_change_is_a_movement(client):
    # given
    owner = staff_login(client, Role.OWNER)
    product = product_create(name="Lamp")
    variant = variant_create(product=product, sku="LAMP-1", price="20.00", stock=1)
    assert "Only 1 left" in client.get(product.get_absolute_url()).content.decode()

    # when
    response = client.post(reverse("backoffice_catalog:product_edit", args=[product.pk]),
                           edit_form(product, **{"sizes-0-price": "24.90", "sizes-0-stock": "9"}))

    # then
    assert response.status_code == 302
    page = client.get(product.get_absolute_url()).content.decode()
    assert "€24.90" in page and "€20.00" not in page and "Only 1 left" not in page
    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (Decimal("24.90"), 9)
    movement = StockMovement.objects.get()
    assert (movement.change, movement.stock_after, movement.reason, movement.by) == (8, 9, "count", owner)


def test_an_edit_counts_stock_from_what_the_page_showed_so_a_sale_meanwhile_is_kept(client):
    # given: the owner opened the page with 5 in stock; then a customer bought 2
    staff_login(client, Role.OWNER)
    product = product_create(name="Scarf")
    variant = variant_create(product=product, sku="SCARF", stock=5)
    form = edit_form(product, **{"sizes-0-stock": "15"})
    Variant.objects.filter(pk=variant.pk).update(stock=3)

    # when: the owner adds 10 units
    client.post(reverse("backoffice_catalog:product_edit", args=[product.pk]), form)

    # then
    variant.refresh_from_db()
    assert variant.stock == 13


def test_hiding_a_product_takes_it_out_of_the_shop_at_once_and_publishing_brings_it_back(client):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="Cap")
    variant_create(product=product)

    # when / then
    client.post(reverse("backoffice_catalog:product_publish", args=[product.pk]), {"active": "0"})
    assert client.get(product.get_absolute_url()).status_code == 404
    client.post(reverse("backoffice_catalog:product_publish", args=[product.pk]), {"active": "1"})
    assert client.get(product.get_absolute_url()).status_code == 200


def test_stock_adjustment_keeps_the_reason_and_refuses_taking_out_more_than_there_is(client):
    # given
    clerk = staff_login(client, Role.FULFILMENT)
    product = product_create(name="Boot")
    variant = variant_create(product=product, sku="BOOT-42", stock=2)
    url = reverse("backoffice_catalog:stock_variant", args=[variant.pk])

    # when
    received = client.post(url, {"change": "10", "reason": "received", "note": "delivery 17"})
    refused = client.post(url, {"change": "-50", "reason": "damaged", "note": ""})

    # then
    assert received.status_code == 302
    assert refused.status_code == 400
    assert "Only 12 of BOOT-42 in stock: you cannot take out 50." in refused.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 12
    assert list(StockMovement.objects.values_list("change", "stock_after", "reason", "note", "by")) == [
        (10, 12, "received", "delivery 17", clerk.pk)]
    assert "12 left" not in client.get(product.get_absolute_url()).content.decode()


def test_deleting_a_product_removes_it_from_the_shop(client):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="Old thing")
    variant_create(product=product)

    # when
    client.post(reverse("backoffice_catalog:product_delete", args=[product.pk]))

    # then
    assert not Product.objects.filter(pk=product.pk).exists()
    assert client.get(f"/p/{product.slug}/").status_code == 404


def test_a_picture_is_reencoded_into_web_sizes_and_served_by_the_shop(client):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="Red Socks")
    variant_create(product=product)
    upload = SimpleUploadedFile("photo.png", png(), content_type="image/png")

    # when
    response = client.post(reverse("backoffice_catalog:picture_add", args=[product.pk]),
                           {"picture": upload, "alt": "Red socks on a chair"})

    # then
    assert response.status_code == 302
    picture = ProductPicture.objects.get()
    assert picture.sizes == [320, 640, 1200]
    product.refresh_from_db()
    assert product.picture == picture.token
    page = client.get(product.get_absolute_url()).content.decode()
    served = client.get(picture.url(1200))
    assert picture.url(1200) in page and "Red socks on a chair" in page
    assert served["Content-Type"] == "image/webp"
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert (image.format, image.size) == ("WEBP", (1200, 900))


@pytest.mark.parametrize(("name", "data", "content_type", "sentence"), [
    ("photo.jpg", b"<script>alert(1)</script>" * 20, "image/jpeg",
     "This file is not a picture (JPEG, PNG, WebP or GIF), whatever its name says."),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image/png", "This picture could not be read"),
    ("tiny.png", None, "image/png", "This picture is only 50×50 pixels"),
])
def test_a_non_image_or_unreadable_file_is_refused_with_a_sentence_and_nothing_is_stored(
        client, tmp_path, name, data, content_type, sentence):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="Socks")
    upload = SimpleUploadedFile(name, data if data is not None else png(50, 50), content_type=content_type)

    # when
    response = client.post(reverse("backoffice_catalog:picture_add", args=[product.pk]), {"picture": upload},
                           follow=True)

    # then
    assert sentence in response.content.decode().replace("&times;", "×")
    assert not ProductPicture.objects.exists()
    assert not (tmp_path / "media" / "product-pictures").exists()


def test_an_oversized_picture_is_refused_with_a_sentence(client, settings, tmp_path):
    # given
    settings.SHOPKEEP_PICTURE_MAX_MB = 0.01
    staff_login(client, Role.OWNER)
    product = product_create(name="Socks")
    upload = SimpleUploadedFile("big.png", png(800, 800) + b"\x00" * 20_000, content_type="image/png")

    # when
    response = client.post(reverse("backoffice_catalog:picture_add", args=[product.pk]), {"picture": upload},
                           follow=True)

    # then
    assert "This file is too large" in response.content.decode()
    assert "pictures may be at most 0" in response.content.decode()
    assert not ProductPicture.objects.exists()


def test_categories_are_created_ordered_and_an_empty_one_deleted(client):
    # given
    staff_login(client, Role.OWNER)
    first = category_create(name="Socks", slug="socks", position=0)

    # when
    client.post(reverse("backoffice_catalog:category_new"), {"name": "Winter Boots", "slug": "", "description": ""})
    boots = Category.objects.get(name="Winter Boots")
    client.post(reverse("backoffice_catalog:category_action", args=[boots.pk]), {"action": "up"})

    # then
    assert list(Category.objects.values_list("slug", flat=True)) == ["winter-boots", "socks"]
    menu = client.get("/help/").content.decode()
    assert menu.index(">Winter Boots<") < menu.index(">Socks<")
    product_create(category=first)
    refused = client.post(reverse("backoffice_catalog:category_action", args=[first.pk]), {"action": "delete"},
                          follow=True)
    assert "still holds 1 product(s)" in refused.content.decode()
    assert Category.objects.filter(pk=first.pk).exists()


CSV_HEADER = "product_slug,product_name,category,kind,tax_class,active,capture_immediately,description,sku,size,price,stock\n"


def test_a_csv_dry_run_lists_errors_by_line_and_changes_nothing(client):
    # given
    staff_login(client, Role.OWNER)
    category_create(name="Socks", slug="socks")
    before = catalog_export()
    text = (CSV_HEADER
            + "wool-socks,Wool Socks,socks,socks,standard,yes,no,,WOOL-1,36-40,9.90,5\n"
            + "wool-socks,Wool Socks,socks,socks,standard,yes,no,,WOOL-2,41-46,nine,5\n"
            + "hats,Hats,nowhere,other,standard,yes,no,,HAT-1,,5.00,1\n"
            + "wool-socks,Wool Socks,socks,socks,standard,yes,no,,WOOL-1,47,9.90,-2\n")

    # when
    response = client.post(reverse("backoffice_catalog:import"), {
        "file": SimpleUploadedFile("c.csv", text.encode()), "dry_run": "on"})

    # then
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was changed: 3 error(s)" in page
    assert "<td class=\"num\">3</td><td>price &#x27;nine&#x27; is not a number (write 12.50).</td>" in page
    assert "<td class=\"num\">4</td><td>there is no category &#x27;nowhere&#x27;" in page
    assert "<td class=\"num\">5</td><td>stock &#x27;-2&#x27; must be a whole number, 0 or more.</td>" in page
    assert catalog_export() == before
    assert not Product.objects.exists()


def test_a_clean_csv_dry_run_reports_what_it_would_do_and_then_the_import_applies_it(client):
    # given
    staff_login(client, Role.OWNER)
    category_create(name="Socks", slug="socks")
    text = (CSV_HEADER + "wool-socks,Wool Socks,socks,socks,standard,yes,no,Soft.,WOOL-1,36-40,9.90,5\n"
            + "wool-socks,Wool Socks,socks,socks,standard,yes,no,Soft.,WOOL-2,41-46,9.90,0\n")

    # when
    dry = client.post(reverse("backoffice_catalog:import"), {"file": SimpleUploadedFile("c.csv", text.encode()),
                                                             "dry_run": "on"})
    assert not Product.objects.exists()
    real = client.post(reverse("backoffice_catalog:import"), {"file": SimpleUploadedFile("c.csv", text.encode())})

    # then
    assert "Dry run: nothing was changed" in dry.content.decode()
    assert "would create 1 product(s) and 2 size(s)" in dry.content.decode()
    assert real.status_code == 200
    assert sorted(Variant.objects.values_list("sku", "stock")) == [("WOOL-1", 5), ("WOOL-2", 0)]
    assert "Wool Socks" in client.get("/p/wool-socks/").content.decode()
    assert list(StockMovement.objects.values_list("sku", "change", "reason")) == [("WOOL-1", 5, "import")]


def test_the_csv_export_neutralises_formulas_and_reimports_unchanged(client):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="=HYPERLINK(\"http://evil\")", slug="evil")
    variant_create(product=product, sku="@SUM(1)", size="-1", stock=4)

    # when
    exported = client.get(reverse("backoffice_catalog:export"))
    text = exported.content.decode()
    report = client.post(reverse("backoffice_catalog:import"), {"file": SimpleUploadedFile("c.csv", text.encode())})

    # then
    assert exported["Content-Disposition"].startswith('attachment; filename="catalogue-')
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and ",'-1," in text
    assert "Imported 1 line(s)" in report.content.decode()
    product.refresh_from_db()
    assert product.name == "=HYPERLINK(\"http://evil\")"
    assert Variant.objects.get().sku == "@SUM(1)"


def test_every_catalogue_write_reaches_the_one_catalogue_changed_hook():
    # given
    heard = []

    def listener(sender, **kwargs):
        heard.append((sender.__name__, kwargs["product_ids"]))

    catalog_changed.connect(listener)
    try:
        # when: a save from anywhere (as `shopkeep shell` would), and a service's bulk stock update
        product = product_create(name="Shell edit")
        variant = variant_create(product=product, stock=3)
        heard.clear()
        Product.objects.get(pk=product.pk).save()
        stock_reserve(quantities={variant.pk: 1})
    finally:
        catalog_changed.disconnect(listener)

    # then
    assert ("Product", frozenset({product.pk})) in heard
    assert ("Variant", frozenset({product.pk})) in heard


def test_an_edit_from_the_shell_shows_on_the_next_request_even_where_the_shop_caches(client):
    # given: the menu of categories is cached by the first page view
    category = category_create(name="Socks", slug="socks")
    product = product_create(name="Plain socks", category=category)
    variant = variant_create(product=product, price="9.00")
    assert ">Socks<" in client.get("/help/").content.decode()

    # when: someone edits the catalogue in `shopkeep shell`, bypassing every service
    renamed = Category.objects.get(pk=category.pk)
    renamed.name = "Winter socks"
    renamed.save()
    changed = Variant.objects.get(pk=variant.pk)
    changed.price = Decimal("7.50")
    changed.save()

    # then
    assert ">Winter socks<" in client.get("/help/").content.decode()
    assert "€7.50" in client.get(product.get_absolute_url()).content.decode()


def test_a_size_deleted_on_the_product_page_is_gone_from_the_shop(client):
    # given
    staff_login(client, Role.OWNER)
    product = product_create(name="Two sizes")
    variant_create(product=product, sku="TWO-S", size="S", position=0)
    variant_create(product=product, sku="TWO-XL", size="XL", position=1)

    # when
    client.post(reverse("backoffice_catalog:product_edit", args=[product.pk]),
                edit_form(product, **{"sizes-1-DELETE": "on"}))

    # then
    assert list(product.variants.values_list("sku", flat=True)) == ["TWO-S"]
    assert ">XL<" not in client.get(product.get_absolute_url()).content.decode()


def test_a_product_without_any_size_or_with_a_taken_sku_is_refused_and_nothing_is_saved(client):
    # given
    staff_login(client, Role.OWNER)
    category = category_create(name="Socks", slug="socks")
    variant_create(sku="TAKEN")
    empty = product_form(category, name="Empty")
    for key in [k for k in empty if k.startswith("sizes-") and k[6].isdigit()]:
        empty[key] = "0" if key.endswith(("-stock", "-position")) else ""  # empty rows as the page sends them

    # when
    no_sizes = client.post(reverse("backoffice_catalog:product_new"), empty)
    taken = client.post(reverse("backoffice_catalog:product_new"),
                        product_form(category, name="Taken", **{"sizes-0-sku": "TAKEN"}))

    # then
    assert no_sizes.status_code == taken.status_code == 400
    assert "A product needs at least one size" in no_sizes.content.decode()
    assert "Variant with this Sku already exists." in taken.content.decode()
    assert not Product.objects.filter(name__in=["Empty", "Taken"]).exists()
