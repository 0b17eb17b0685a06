from django.db import models


class Payment(models.Model):
    """One authorisation at the gateway. The shop keeps the token, brand, last 4 and expiry only (P-13)."""

    class Status(models.TextChoices):
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
    cvc_check = models.CharField(max_length=10, blank=True)
    address_check = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.card_brand} •••• {self.card_last4} {self.amount} {self.currency} {self.status}"

    @property
    def card_display(self) -> str:
        return f"{self.card_brand.title()} ending {self.card_last4}"
