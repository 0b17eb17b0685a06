"""`shopkeep seed --products N`: a large synthetic catalogue for benchmarks."""

import random
import secrets
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shopkeep.catalog.models import Category, Product, Variant
from shopkeep.conf import conf

BATCH = 2000
KINDS = ["socks", "shoes", "dress", "electronics", "other"]
SIZES = {
    "socks": ["S 35–38", "M 39–42", "L 43–46"],
    "shoes": ["EU 38", "EU 40", "EU 42", "EU 44"],
    "dress": ["XS", "S", "M", "L", "XL"],
    "electronics": [""],
    "other": [""],
}
NOUNS = {
    "socks": ["Socks", "Crew Socks", "Ankle Socks", "Knee Socks", "Tights"],
    "shoes": ["Boots", "Trainers", "Sandals", "Loafers", "Clogs"],
    "dress": ["Dress", "Wrap Dress", "Shirt Dress", "Maxi Dress", "Slip Dress"],
    "electronics": ["Headphones", "Speaker", "Charger", "Cable", "Adapter"],
    "other": ["Scarf", "Tote Bag", "Beanie", "Wallet", "Gloves"],
}
ADJECTIVES = [
    "Classic", "Striped", "Everyday", "Lightweight", "Cosy", "Bold", "Soft", "Rugged", "Compact", "Vintage",
    "Urban", "Nordic", "Bright", "Quiet", "Recycled", "Organic", "Slim", "Travel", "Winter", "Summer",
]
MATERIALS = [
    "Merino", "Cotton", "Linen", "Bamboo", "Leather", "Suede", "Wool", "Silk", "Canvas", "Aluminium",
    "Braided", "Denim", "Velvet", "Cashmere", "Hemp",
]
COLOURS = ["#2f4858", "#e4572e", "#33658a", "#3a7d44", "#6a4c93", "#264653", "#9c6644", "#1d3557", "#b56576"]
ACCENTS = ["#f6ae2d", "#86bbd8", "#f3e9d2", "#e9c46a", "#ffca3a", "#2a9d8f", "#ede0d4", "#f1faee", "#ffcdb2"]


def categories_ensure(*, count: int) -> list[Category]:
    """The first `count` synthetic categories, created when missing."""
    wanted = {f"bench-{i}": (i, KINDS[i % len(KINDS)]) for i in range(1, count + 1)}
    existing = set(Category.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    Category.objects.bulk_create(
        [
            Category(slug=slug, name=f"{NOUNS[kind][0]} range {i}", position=100 + i)
            for slug, (i, kind) in wanted.items()
            if slug not in existing
        ]
    )
    return list(Category.objects.filter(slug__in=wanted).order_by("position"))


def products_batch(*, start: int, size: int, tag: str, categories: list[Category], rng: random.Random):
    """Build (not save) `size` products, and for each a list of its variants."""
    currency = conf.currency
    products, variants = [], []
    for number in range(start, start + size):
        category = categories[number % len(categories)]
        kind = KINDS[(category.position - 100) % len(KINDS)]
        adjective, material, noun = rng.choice(ADJECTIVES), rng.choice(MATERIALS), rng.choice(NOUNS[kind])
        name = f"{adjective} {material} {noun} {number}"
        products.append(
            Product(
                category=category,
                kind=kind,
                name=name,
                slug=f"{adjective}-{material}-{noun}-{tag}-{number}".lower().replace(" ", "-"),
                description=f"{adjective} {noun.lower()} in {material.lower()}, made for every day.",
                colour=rng.choice(COLOURS),
                accent=rng.choice(ACCENTS),
            )
        )
        price = Decimal(rng.randrange(500, 15000)) / 100
        variants.append(
            [
                Variant(
                    sku=f"{tag}-{number}-{size_label.removeprefix('EU ').split(' ')[0]}".rstrip("-"),
                    size=size_label,
                    price=price,
                    currency=currency,
                    stock=rng.choice([0, 1, 2, 3, 10, 25, 50, 100]),
                    position=position,
                )
                for position, size_label in enumerate(SIZES[kind])
            ]
        )
    return products, variants


def batch_save(products: list[Product], variants: list[list[Variant]]) -> int:
    """Save one batch in one transaction; return the number of variants saved."""
    with transaction.atomic():
        Product.objects.bulk_create(products)
        flat = []
        for product, own in zip(products, variants):
            for variant in own:
                variant.product_id = product.pk
                flat.append(variant)
        Variant.objects.bulk_create(flat)
    return len(flat)


class Command(BaseCommand):
    help = "Add N synthetic products (with size variants) spread over K categories, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True, help="How many products to add.")
        parser.add_argument("--categories", type=int, default=12, help="Spread them over this many categories.")
        parser.add_argument("--batch", type=int, default=BATCH, help="Products saved per transaction.")

    def handle(self, *args, products: int, categories: int, batch: int, **options):
        if products < 1 or categories < 1 or batch < 1:
            raise CommandError("--products, --categories and --batch must be at least 1.")
        started = time.monotonic()
        rng = random.Random(products)
        tag = secrets.token_hex(3)
        category_rows = categories_ensure(count=categories)
        made = variant_count = 0
        while made < products:
            size = min(batch, products - made)
            new_products, new_variants = products_batch(
                start=made + 1, size=size, tag=tag, categories=category_rows, rng=rng
            )
            variant_count += batch_save(new_products, new_variants)
            made += size
            if made == products or made % (batch * 10) == 0:
                self.stdout.write(f"  {made:,} / {products:,} products ({time.monotonic() - started:.1f} s)")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Added {made:,} products with {variant_count:,} variants in {categories} categories "
            f"in {elapsed:.1f} s."
        )
