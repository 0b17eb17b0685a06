"""`shopkeep seed_demo`: the demo catalogue, the help center and one staff account per role. Running it again
changes nothing."""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from shopkeep.catalog.documents import product_document_add
from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.conf import conf
from shopkeep.customers.second_factor import totp_device_create, totp_secret_text
from shopkeep.customers.staff import role_groups_ensure, staff_create
from shopkeep.mailing.policy_notices import policy_publish
from shopkeep.pricing.services import pricing_defaults_ensure
from shopkeep.privacy.publishing import policy_current_version
from shopkeep.privacy.roles import Role
from shopkeep.shop.services import DEFAULT_IDENTITY, DEMO_IDENTITY, identity_current, identity_update
from shopkeep.storefront.management.commands import _demo_help
from shopkeep.storefront.management.commands._demo_catalogue import CATEGORIES
from shopkeep.storefront.management.commands._demo_documents import DEMO_DOCUMENTS, demo_pdf
from shopkeep.support.models import HelpArticle, HelpCategory

STAFF_DOMAIN = "shopkeep.localhost"
SOLD_OUT_SHARE = 0.07
LOW_STOCK_SHARE = 0.13
XL_TIGHTS_SURCHARGE = Decimal("1.00")
PRODUCT_FIELDS = ("name", "slug", "kind", "description", "colour", "accent")


def staff_email(role: str) -> str:
    """The demo staff address for `role`, e.g. customer-service@shopkeep.localhost."""
    return f"{role.replace('_', '-')}@{STAFF_DOMAIN}"


def size_code(size: str) -> str:
    """The SKU suffix for a size label: 'S 35–38' → 'S', 'EU 42' → '42', 'S/M' → 'SM'."""
    return size.removeprefix("EU ").split(" ")[0].replace("/", "")


def variant_stock(sku: str) -> int:
    """A stock level that is the same on every run: mostly plenty, some low (1–3), a few sold out."""
    rng = random.Random(sku)
    roll = rng.random()
    if roll < SOLD_OUT_SHARE:
        return 0
    if roll < SOLD_OUT_SHARE + LOW_STOCK_SHARE:
        return rng.randint(1, 3)
    return rng.randint(6, 60)


def demo_products() -> list[dict]:
    """Every demo product as a dict of Product fields plus its category slug and variants."""
    products = []
    for slug, _name, _description, kind, sizes, prefix, items in CATEGORIES:
        for number, (name, price, colour, accent, description, *own_sizes) in enumerate(items, start=1):
            variants = []
            for position, size in enumerate(own_sizes[0] if own_sizes else sizes):
                sku = f"{prefix}-{number:03d}" + (f"-{size_code(size)}" if size else "")
                surcharge = XL_TIGHTS_SURCHARGE if (prefix, size) == ("TGH", "XL") else Decimal("0")
                variants.append(
                    {"sku": sku, "size": size, "price": Decimal(price) + surcharge, "position": position}
                )
            products.append(
                {
                    "category": slug,
                    "name": name,
                    "slug": slugify(name),
                    "kind": kind,
                    "description": description,
                    "colour": colour,
                    "accent": accent,
                    "variants": variants,
                }
            )
    return products


@transaction.atomic
def demo_catalogue_seed() -> tuple[int, int, int]:
    """Create the demo categories, products and variants that are missing; return how many of each."""
    existing = set(Category.objects.values_list("slug", flat=True))
    new_categories = [
        Category(slug=slug, name=name, description=description, position=position)
        for position, (slug, name, description, *_rest) in enumerate(CATEGORIES)
        if slug not in existing
    ]
    Category.objects.bulk_create(new_categories)
    category_ids = dict(Category.objects.values_list("slug", "id"))

    wanted = demo_products()
    existing = set(Product.objects.filter(slug__in=[p["slug"] for p in wanted]).values_list("slug", flat=True))
    new_products = [
        Product(category_id=category_ids[p["category"]], **{field: p[field] for field in PRODUCT_FIELDS})
        for p in wanted
        if p["slug"] not in existing
    ]
    Product.objects.bulk_create(new_products)
    product_ids = dict(Product.objects.filter(slug__in=[p["slug"] for p in wanted]).values_list("slug", "id"))

    skus = [v["sku"] for p in wanted for v in p["variants"]]
    existing = set(Variant.objects.filter(sku__in=skus).values_list("sku", flat=True))
    new_variants = [
        Variant(product_id=product_ids[p["slug"]], currency=conf.currency, stock=variant_stock(v["sku"]), **v)
        for p in wanted
        for v in p["variants"]
        if v["sku"] not in existing
    ]
    Variant.objects.bulk_create(new_variants)
    return len(new_categories), len(new_products), len(new_variants)


@transaction.atomic
def demo_help_seed() -> tuple[int, int]:
    """Create the demo help categories and articles that are missing (edited ones stay as staff left them)."""
    categories = {}
    created_categories = 0
    for position, (slug, name) in enumerate(_demo_help.CATEGORIES):
        categories[slug], created = HelpCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position})
        created_categories += created
    existing = set(HelpArticle.objects.values_list("slug", flat=True))
    positions: dict[str, int] = {}
    new = []
    for article in _demo_help.demo_articles():
        position = positions[article["category"]] = positions.get(article["category"], -1) + 1
        if article["slug"] not in existing:
            new.append(HelpArticle(category=categories[article["category"]], slug=article["slug"],
                                   title=article["title"], body=article["body"], position=position))
    HelpArticle.objects.bulk_create(new)
    return created_categories, len(new)


def demo_staff_seed() -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """Create the missing demo staff accounts, each with an authenticator secret (staff sign in with a second
    factor, P-38); return (role, email, password, TOTP secret) of new ones, emails of the others."""
    role_groups_ensure()
    users = get_user_model().objects
    created, existing = [], []
    for role, label in Role.choices:
        email = staff_email(role)
        if users.with_email(email).exists():
            existing.append(email)
            continue
        user, password = staff_create(email=email, role=role, name=f"Demo {label.lower()}")
        device = totp_device_create(user=user)
        created.append((role, email, password, totp_secret_text(device)))
    return created, existing


def demo_identity_seed() -> bool:
    """Give the shop a realistic demo identity unless the owner or the environment already set one."""
    if identity_current().legal_name != DEFAULT_IDENTITY["legal_name"]:
        return False
    identity_update(changed_by=None, values={**DEMO_IDENTITY, "authority_name": "", "authority_url": ""})
    return True


def demo_documents_seed() -> int:
    """Attach the demo PDFs (a size chart, a safety sheet) to their products once; return how many were added."""
    added = 0
    for slug, title, kind, filename, heading, lines in DEMO_DOCUMENTS:
        product = Product.objects.filter(slug=slug).first()
        if product is None or product.documents.filter(title=title).exists():
            continue
        upload = SimpleUploadedFile(filename, demo_pdf(title=heading, lines=lines), content_type="application/pdf")
        product_document_add(product=product, upload=upload, title=title, kind=kind)
        added += 1
    return added


class Command(BaseCommand):
    help = ("Create the demo catalogue, the help center and one staff account per role (passwords printed once). "
            "Safe to run again.")

    def handle(self, *args, **options):
        pricing_defaults_ensure()
        categories, products, variants = demo_catalogue_seed()
        if categories or products or variants:
            self.stdout.write(
                f"Demo catalogue: created {categories} categories, {products} products and {variants} variants."
            )
        else:
            self.stdout.write("Demo catalogue already present: nothing changed.")
        if demo_identity_seed():
            self.stdout.write("Demo shop identity set (change it in the back office: Shop settings).")
        documents = demo_documents_seed()
        if documents:
            self.stdout.write(f"Demo product documents: added {documents}.")

        help_categories, help_articles = demo_help_seed()
        if help_categories or help_articles:
            self.stdout.write(f"Help center: created {help_categories} categories and {help_articles} articles.")
        else:
            self.stdout.write("Help center already present: nothing changed.")

        created, existing = demo_staff_seed()
        if created:
            self.stdout.write(self.style.WARNING(
                "Staff accounts created. Passwords and authenticator keys (add the key to any TOTP app, e.g. "
                "`oathtool --totp -b KEY`) are shown only this once:"))
            for role, email, password, secret in created:
                self.stdout.write(f"  {role:<17} {email:<38} {password}  TOTP key {secret}")
        if existing:
            self.stdout.write(f"Staff accounts already exist: {', '.join(existing)}.")
            self.stdout.write("To set a new password: shopkeep changepassword <email>")
        if policy_current_version() is None:
            version = policy_publish(material=False, summary="First published version of the generated privacy policy.")
            self.stdout.write(f"Privacy policy version {version.version} published (see /privacy/changes/).")
