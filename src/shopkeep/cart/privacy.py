"""Data map of carts: a random id and the products in it; linked to an account only when logged in."""

from shopkeep.cart.models import Cart, CartLine
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register
from shopkeep.privacy.roles import Role

register(
    Cart,
    description="shopping carts",
    subject="customer",
    personal={
        "customer": Personal(
            category="user.unique_id",
            purposes=("essential.service.operations",),
            basis="contract",
            retention="cart",
            roles=(Role.CUSTOMER_SERVICE,),
            erase="blank",
        ),
    },
    non_personal=["id", "token", "currency", "ordered_at", "created_at", "updated_at"],
)
register(CartLine, description="products in shopping carts", subject="cart__customer",
         non_personal=["id", "cart", "variant", "quantity", "created_at"])

retention_job_register(
    key="cart",
    what="abandoned carts (with their checkout details)",
    expired=lambda cutoff: Cart.objects.filter(ordered_at__isnull=True, updated_at__lt=cutoff),
    apply=lambda rows: rows.delete()[1].get("cart.Cart", 0),
)
