from django.db import models

from shopkeep.privacy.fields import EncryptedCharField, EncryptedEmailField

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")


class CheckoutDraft(models.Model):
    """What a customer has entered so far in a cart's checkout, kept between the steps.

    It holds the card token, brand, last 4 and expiry from the gateway, never a card
    number or CVC (P-13). It is deleted when the order is placed (the order keeps its own copy).
    """

    cart = models.OneToOneField("cart.Cart", on_delete=models.CASCADE, related_name="checkout_draft")
    email = EncryptedEmailField(blank=True)
    shipping_name = EncryptedCharField(max_length=150, blank=True)
    shipping_line1 = EncryptedCharField(max_length=200, blank=True)
    shipping_line2 = EncryptedCharField(max_length=200, blank=True)
    shipping_city = EncryptedCharField(max_length=100, blank=True)
    shipping_region = EncryptedCharField(max_length=100, blank=True)
    shipping_postal_code = EncryptedCharField(max_length=20, blank=True)
    shipping_country = models.CharField(max_length=2, blank=True)
    shipping_phone = EncryptedCharField(max_length=30, blank=True)
    billing_same = models.BooleanField(default=True, help_text="Bill to the delivery address.")
    billing_name = EncryptedCharField(max_length=150, blank=True)
    billing_line1 = EncryptedCharField(max_length=200, blank=True)
    billing_line2 = EncryptedCharField(max_length=200, blank=True)
    billing_city = EncryptedCharField(max_length=100, blank=True)
    billing_region = EncryptedCharField(max_length=100, blank=True)
    billing_postal_code = EncryptedCharField(max_length=20, blank=True)
    billing_country = models.CharField(max_length=2, blank=True)
    billing_phone = EncryptedCharField(max_length=30, blank=True)
    shipping_method = models.CharField(max_length=40, blank=True)
    payment_token = models.CharField(max_length=64, blank=True)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Checkout of cart {self.cart_id}"

    def _address(self, prefix: str) -> dict:
        return {field: getattr(self, f"{prefix}_{field}") for field in ADDRESS_FIELDS}

    @property
    def shipping_address(self) -> dict:
        return self._address("shipping")

    @property
    def billing_address(self) -> dict | None:
        """The separate billing address, or None when billing goes to the delivery address."""
        return None if self.billing_same else self._address("billing")

    @property
    def has_details(self) -> bool:
        return bool(self.email and self.shipping_line1 and self.shipping_country)

    @property
    def has_payment(self) -> bool:
        return bool(self.payment_token)

    @property
    def card_display(self) -> str:
        return f"{self.card_brand.title()} ending {self.card_last4}" if self.card_last4 else ""
