from django.conf import settings
from django.db import models
from django.urls import reverse

from shopkeep.money import Money
from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField
from shopkeep.references import reference_new

ORDER_PREFIX = "SK"


def new_order_number() -> str:
    return reference_new(prefix=ORDER_PREFIX, length=6)


class Order(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", "Placed"
        CANCELLED = "cancelled", "Cancelled"

    number = models.CharField(max_length=16, unique=True, default=new_order_number, editable=False)
    cart = models.OneToOneField("cart.Cart", null=True, blank=True, on_delete=models.SET_NULL, related_name="order")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    email = EncryptedEmailField()
    email_index = BlindIndexField(source="email", db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLACED)
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_total = models.DecimalField(max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(max_digits=12, decimal_places=2, default=0,
                                         help_text="Taken off the items by a coupon; the total already reflects it.")
    coupon_code = models.CharField(max_length=32, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_method = models.CharField(max_length=40)
    shipping_method_name = models.CharField(max_length=100)
    shipping_address = models.ForeignKey("customers.Address", on_delete=models.PROTECT, related_name="+")
    billing_address = models.ForeignKey("customers.Address", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def subtotal_money(self) -> Money:
        return Money(self.subtotal, self.currency)

    @property
    def shipping_money(self) -> Money:
        return Money(self.shipping_total, self.currency)

    @property
    def discount_money(self) -> Money:
        return Money(self.discount_total, self.currency)

    @property
    def total_money(self) -> Money:
        return Money(self.total, self.currency)

    def get_absolute_url(self) -> str:
        return reverse("customers:order", args=[self.number])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(max_length=64)
    product_name = models.CharField(max_length=200)
    size = models.CharField(max_length=20, blank=True)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"

    @property
    def unit_price_money(self) -> Money:
        return Money(self.unit_price, self.order.currency)

    @property
    def line_total_money(self) -> Money:
        return Money(self.line_total, self.order.currency)
