"""The sandbox gateway's own records. It stands for an external payment service: it keeps
card brand, last 4 digits, expiry and the test behaviour, never the card number or CVC."""

from django.db import models


class Behaviour(models.TextChoices):
    SUCCEED = "succeed", "Succeeds"
    DECLINE = "decline", "Declined"
    CVC_FAIL = "cvc_fail", "Fails the CVC check"
    ADDRESS_FAIL = "address_fail", "Fails the address check"
    INSUFFICIENT_FUNDS = "insufficient_funds", "Insufficient funds"


class SandboxToken(models.Model):
    token = models.CharField(max_length=40, unique=True)
    brand = models.CharField(max_length=20)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    behaviour = models.CharField(max_length=20, choices=Behaviour.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.brand} •••• {self.last4}"


class SandboxCharge(models.Model):
    class Status(models.TextChoices):
        AUTHORISED = "authorised"
        DECLINED = "declined"
        VOIDED = "voided"
        CAPTURED = "captured"

    reference = models.CharField(max_length=40, unique=True)
    token = models.ForeignKey(SandboxToken, on_delete=models.PROTECT, related_name="charges")
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices)
    decline_code = models.CharField(max_length=40, blank=True)
    cvc_check = models.CharField(max_length=10, default="pass")
    address_check = models.CharField(max_length=10, default="pass")
    captured_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.reference


class SandboxOperation(models.Model):
    """A capture, void or refund at the sandbox gateway, stored once per idempotency key."""

    class Kind(models.TextChoices):
        CAPTURE = "capture"
        VOID = "void"
        REFUND = "refund"

    charge = models.ForeignKey(SandboxCharge, on_delete=models.PROTECT, related_name="operations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.reference
