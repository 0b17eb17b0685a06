"""Shop data that prices depend on: shipping zones and methods, and VAT rates per country and tax class."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shopkeep.catalog.models import TaxClass


class ShippingZone(models.Model):
    """A group of destination countries that share shipping methods; a country belongs to one zone at most."""

    name = models.CharField(max_length=100)
    countries = models.JSONField(default=list, help_text="ISO 3166-1 alpha-2 codes, e.g. [\"DE\", \"FR\"].")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        codes = [str(code).strip().upper() for code in self.countries or []]
        if any(len(code) != 2 or not code.isalpha() for code in codes):
            raise ValidationError({"countries": "Use two-letter country codes (ISO 3166-1 alpha-2) such as DE."})
        self.countries = sorted(set(codes))
        taken = {code: zone.name for zone in ShippingZone.objects.exclude(pk=self.pk) for code in zone.countries}
        clashes = sorted(code for code in self.countries if code in taken)
        if clashes:
            raise ValidationError({"countries": "Already in another zone: " + ", ".join(
                f"{code} ({taken[code]})" for code in clashes) + ". A country belongs to one zone only."})


class ShippingMethod(models.Model):
    """A way of delivering to a zone, priced in the shop's currency (prices include VAT)."""

    class Kind(models.TextChoices):
        FLAT = "flat", "Flat rate"
        FREE_OVER = "free_over", "Flat rate, free from an amount"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="methods")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FLAT)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    free_over = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
        help_text="Free when the items (after discounts) cost at least this much; only for the free-from kind.",
    )
    delivery = models.CharField(max_length=100, help_text="Delivery time shown to customers, e.g. 2–3 working days.")
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "price", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.zone})"

    def clean(self) -> None:
        if self.kind == self.Kind.FREE_OVER and self.free_over is None:
            raise ValidationError({"free_over": "Enter the amount from which this method is free."})


class VatRate(models.Model):
    """The VAT percentage a country charges on goods of one tax class."""

    country = models.CharField(max_length=2)
    tax_class = models.CharField(max_length=10, choices=TaxClass.choices)
    rate = models.DecimalField(max_digits=5, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])

    class Meta:
        ordering = ["country", "tax_class"]
        constraints = [models.UniqueConstraint(fields=["country", "tax_class"], name="vat_rate_one_per_country_class")]

    def __str__(self) -> str:
        return f"{self.country} {self.tax_class}: {self.rate}%"


class PricingChange(models.Model):
    """One change of the shop's shipping or VAT data, with the values before and after (the settings' history)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"

    kind = models.CharField(max_length=20, help_text="shipping zone, shipping method or VAT rate")
    label = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.kind} {self.label}"

    @property
    def differences(self) -> list[tuple[str, object, object]]:
        """(field, before, after) of every value that differs."""
        names = sorted(set(self.before) | set(self.after))
        return [(name, self.before.get(name), self.after.get(name)) for name in names
                if self.before.get(name) != self.after.get(name)]
