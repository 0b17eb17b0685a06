from django.conf import settings
from django.db import models
from django.urls import reverse

from shopkeep.money import Money
from shopkeep.pricing.vat import rate_percent
from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField, EncryptedGenericIPAddressField
from shopkeep.references import reference_new

ORDER_PREFIX = "SK"


def new_order_number() -> str:
    return reference_new(prefix=ORDER_PREFIX, length=6)


class Order(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", "Placed"
        ON_HOLD = "on_hold", "On hold for a check"
        READY_TO_DISPATCH = "ready_to_dispatch", "Being prepared"
        PARTIALLY_DISPATCHED = "partially_dispatched", "Partly dispatched"
        DISPATCHED = "dispatched", "Dispatched"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"
        RETURN_REQUESTED = "return_requested", "Return requested"
        RETURNED = "returned", "Returned and refunded"
        EXCHANGED = "exchanged", "Exchanged"

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
    checkout_ip = EncryptedGenericIPAddressField(null=True, blank=True)
    hold_reasons = models.JSONField(default=list, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
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

    @property
    def vat_lines(self) -> list["OrderTaxLine"]:
        """The VAT the total includes, one line per rate (highest first), as recorded when the order was placed."""
        return list(self.tax_lines.all())

    def get_absolute_url(self) -> str:
        return reverse("orders:account_order", args=[self.number])


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


class OrderTaxLine(models.Model):
    """The VAT an order's total includes at one rate, recorded when it was placed (for invoices)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tax_lines")
    rate = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-rate", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "rate"], name="order_tax_line_one_per_rate")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.rate}% VAT {self.amount}"

    @property
    def amount_money(self) -> Money:
        return Money(self.amount, self.order.currency)

    @property
    def percent(self) -> str:
        return rate_percent(self.rate)


class OrderEvent(models.Model):
    """One step in an order's life: a status change, a staff note, an email sent or a refund (who, when, why)."""

    class Kind(models.TextChoices):
        STATUS = "status", "Status"
        NOTE = "note", "Note"
        EMAIL = "email", "Email sent"
        REFUND = "refund", "Refund"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class Shipment(models.Model):
    """A parcel handed to a carrier with some or all of an order's goods."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=60)
    tracking_number = models.CharField(max_length=80)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    is_replacement = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="shipment_lines")
    quantity = models.PositiveIntegerField()


class PhoneVerification(models.Model):
    """Customer service's record of calling the customer about a held order."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", "Customer confirmed the order"
        DENIED = "denied", "Customer did not place the order"
        UNREACHABLE = "unreachable", "Could not reach the customer"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="verifications")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    called_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ReturnRequest(models.Model):
    """A customer's request to send goods back for a refund or another size."""

    class Kind(models.TextChoices):
        REFUND = "refund", "Refund"
        EXCHANGE = "exchange", "Exchange for another size"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECEIVED = "received", "Received"
        REFUNDED = "refunded", "Refunded"
        EXCHANGED = "exchanged", "Replacement sent"
        REFUSED = "refused", "Refused"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    refusal_reason = models.TextField(blank=True, help_text="Why customer service refused the return (told to the customer).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="return_lines")
    quantity = models.PositiveIntegerField()
    exchange_variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
