from decimal import Decimal

from django.db import models
from django.db.models import Q

from shopkeep.money import Money


class Payment(models.Model):
    """One authorisation at the gateway. The shop keeps the token, brand, last 4 and expiry only (P-13)."""

    class Status(models.TextChoices):
        # The intent: recorded and committed before the gateway is asked, so a crash leaves a row to reconcile.
        PENDING = "pending", "Authorising"
        # An intent the gateway never authorised (the request never arrived, or was refused while we crashed).
        ABANDONED = "abandoned", "Never authorised"
        AUTHORISED = "authorised", "Authorised"
        DECLINED = "declined", "Declined"
        VOIDED = "voided", "Voided"
        CAPTURED = "captured", "Captured"

    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    token = models.CharField(max_length=64)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices)
    decline_code = models.CharField(max_length=40, blank=True)
    captured_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    cvc_check = models.CharField(max_length=10, blank=True)
    address_check = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.card_brand} •••• {self.card_last4} {self.amount} {self.currency} {self.status}"

    @property
    def authorised(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def captured(self) -> Money:
        return Money(self.captured_amount, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_amount, self.currency)

    @property
    def capturable(self) -> Money:
        """What can still be captured: the live authorisation minus what has been captured."""
        live = self.status == self.Status.AUTHORISED
        return Money(self.amount - self.captured_amount if live else Decimal("0.00"), self.currency)

    @property
    def refundable(self) -> Money:
        return Money(self.captured_amount - self.refunded_amount, self.currency)

    @property
    def card_display(self) -> str:
        return f"{self.card_brand.title()} ending {self.card_last4}"


class PaymentEvent(models.Model):
    """One operation at the gateway on a payment, as the gateway answered it."""

    class Kind(models.TextChoices):
        AUTHORISE = "authorise", "Authorise"
        CAPTURE = "capture", "Capture"
        VOID = "void", "Void"
        REFUND = "refund", "Refund"
        REAUTHORISE = "reauthorise", "Re-authorise"

    class Result(models.TextChoices):
        OK = "ok", "OK"
        FAILED = "failed", "Failed"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    gateway_reference = models.CharField(max_length=64, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices)
    message = models.CharField(max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A key names one successful operation; failed attempts with the same key may be retried.
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=Q(result="ok") & ~Q(idempotency_key=""),
                name="payment_event_key_once_ok",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency} {self.result}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)
