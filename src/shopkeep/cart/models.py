import secrets

from django.conf import settings
from django.db import models


def new_cart_token() -> str:
    """A random, unguessable cart id; it carries no personal data (P-06)."""
    return secrets.token_urlsafe(18)


class Cart(models.Model):
    token = models.CharField(max_length=32, unique=True, default=new_cart_token, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="carts"
    )
    currency = models.CharField(max_length=3, default="EUR")
    ordered_at = models.DateTimeField(null=True, blank=True, help_text="Set when the cart became an order.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cart {self.pk}"

    @property
    def item_count(self) -> int:
        return sum(self.lines.values_list("quantity", flat=True))

    @property
    def is_ordered(self) -> bool:
        return self.ordered_at is not None


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_unique_variant")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"
