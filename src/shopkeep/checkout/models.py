from django.db import models

from shopkeep.addresses.models import address_from_prefixed, address_model_fields_add
from shopkeep.privacy.fields import EncryptedEmailField


class CheckoutDraft(models.Model):
    """What a customer has entered so far in a cart's checkout, kept between the steps.

    The delivery and billing addresses are `shipping_*` and `billing_*` columns derived from
    the one address definition (shopkeep.addresses). It holds the card token, brand, last 4 and expiry from the gateway, never a card
    number or CVC (P-13). It is deleted when the order is placed (the order keeps its own copy).
    """

    cart = models.OneToOneField("cart.Cart", on_delete=models.CASCADE, related_name="checkout_draft")
    email = EncryptedEmailField(blank=True)
    billing_same = models.BooleanField(default=True, help_text="Bill to the delivery address.")
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

    @property
    def shipping_address(self) -> dict:
        return address_from_prefixed(self, prefix="shipping_")

    @property
    def billing_address(self) -> dict | None:
        """The separate billing address, or None when billing goes to the delivery address."""
        return None if self.billing_same else address_from_prefixed(self, prefix="billing_")

    @property
    def has_details(self) -> bool:
        return bool(self.email and self.shipping_line1 and self.shipping_country)

    @property
    def has_payment(self) -> bool:
        return bool(self.payment_token)

    @property
    def card_display(self) -> str:
        return f"{self.card_brand.title()} ending {self.card_last4}" if self.card_last4 else ""


address_model_fields_add(CheckoutDraft, prefix="shipping_")
address_model_fields_add(CheckoutDraft, prefix="billing_")
