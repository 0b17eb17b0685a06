import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from shopkeep.money import Money

CATEGORY_NAV_CACHE_KEY = "catalog:category-nav"


class Category(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", args=[self.slug])


class TaxClass(models.TextChoices):
    """Which VAT rate a product's price includes (the rate itself is shop data in shopkeep.pricing)."""

    STANDARD = "standard", "Standard rate"
    REDUCED = "reduced", "Reduced rate"
    ZERO = "zero", "Zero rate"


class Product(models.Model):
    class Kind(models.TextChoices):
        SOCKS = "socks", "Socks"
        SHOES = "shoes", "Shoes"
        DRESS = "dress", "Dress"
        ELECTRONICS = "electronics", "Electronics"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#4f6d7a", help_text="Main colour of the product image.")
    accent = models.CharField(max_length=7, default="#f2c14e", help_text="Second colour of the product image.")
    is_active = models.BooleanField(default=True)
    capture_immediately = models.BooleanField(
        default=False,
        help_text="Charged at checkout instead of on dispatch (e.g. digital goods), only with the customer's consent.",
    )
    tax_class = models.CharField(max_length=10, choices=TaxClass.choices, default=TaxClass.STANDARD,
                                 help_text="The VAT rate included in the price.")
    picture = models.CharField(max_length=32, blank=True, editable=False,
                               help_text="Token of the first uploaded picture; empty: the drawn picture is shown.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["category", "is_active", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", args=[self.slug])


class Variant(models.Model):
    """A buyable version of a product (a size, or the product itself when it has no sizes)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64, unique=True)
    size = models.CharField(max_length=20, blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(max_length=3, default="EUR")
    stock = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(stock__gte=0), name="variant_stock_not_negative")]
        # The size filter lists sizes in the shop's order: the lowest position each size has.
        indexes = [models.Index(fields=["size", "position"], name="catalog_variant_size_order")]

    def __str__(self) -> str:
        return f"{self.product.name} {self.size}".strip()

    @property
    def unit_price(self) -> Money:
        return Money(self.price, self.currency)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def label(self) -> str:
        return self.size or "One size"


def _document_path(instance: "ProductDocument", filename: str) -> str:
    # The stored name never comes from the upload: a random name in one folder, always .pdf.
    return f"product-documents/{uuid.uuid4().hex}.pdf"


class ProductDocument(models.Model):
    """A PDF shown on the product page: a manual, size chart, safety sheet or rebate form (P-42)."""

    class Kind(models.TextChoices):
        MANUAL = "manual", "Manual"
        SIZE_CHART = "size_chart", "Size chart"
        SAFETY_SHEET = "safety_sheet", "Safety information"
        REBATE_FORM = "rebate_form", "Rebate form"
        WARRANTY = "warranty", "Warranty information"
        OTHER = "other", "Document"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to=_document_path, max_length=200)
    filename = models.CharField(max_length=100, help_text="The name the file is downloaded under.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product.name}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:product_document", args=[self.product.slug, self.pk, self.filename])

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


class StockMovement(models.Model):
    """One change of a variant's stock made by staff, with its reason (the stock's history)."""

    class Reason(models.TextChoices):
        INITIAL = "initial", "Initial stock"
        RECEIVED = "received", "Goods received"
        COUNT = "count", "Stock count correction"
        DAMAGED = "damaged", "Damaged or lost"
        RETURNED = "returned", "Returned to stock"
        IMPORT = "import", "Catalogue import"
        OTHER = "other", "Other"

    variant = models.ForeignKey(Variant, null=True, on_delete=models.SET_NULL, related_name="movements")
    sku = models.CharField(max_length=64, help_text="The variant's SKU at the time (kept if the variant is deleted).")
    change = models.IntegerField(help_text="Units added (positive) or taken out (negative).")
    stock_after = models.PositiveIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sku} {self.change:+d} ({self.get_reason_display()})"


def _picture_token() -> str:
    return uuid.uuid4().hex


class ProductPicture(models.Model):
    """An uploaded product photo, stored re-encoded in web sizes under a random token (never the upload's name)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="pictures")
    token = models.CharField(max_length=32, unique=True, default=_picture_token, editable=False)
    alt = models.CharField("description", max_length=200, blank=True,
                           help_text="What the picture shows, for people who cannot see it.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sizes = models.JSONField(default=list, help_text="Widths stored, in pixels.")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product.name}: picture {self.position + 1}"

    def storage_name(self, width: int) -> str:
        return f"product-pictures/{self.token}-{width}.webp"

    def url(self, width: int) -> str:
        return reverse("catalog:product_picture", args=[self.product.slug, self.token, width])

    @property
    def url_small(self) -> str:
        return self.url(min(self.sizes or [320]))

    @property
    def url_large(self) -> str:
        return self.url(max(self.sizes or [1200]))
