"""Cart writes: add, change and remove lines. Stock is checked here and reserved at checkout."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from shopkeep.analytics.services import conversion_record
from shopkeep.cart.errors import InvalidQuantity, LineFull, UnknownLine
from shopkeep.cart.models import Cart, CartLine
from shopkeep.catalog.errors import OutOfStock, UnknownSku
from shopkeep.catalog.models import Variant
from shopkeep.conf import conf


def cart_create(*, customer=None) -> Cart:
    """Start an empty cart in the shop's currency."""
    return Cart.objects.create(customer=customer, currency=conf.currency)


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise InvalidQuantity("Quantity must be a whole number.")
    if quantity < 1:
        raise InvalidQuantity("Quantity must be at least 1.")
    if quantity > conf.max_line_quantity:
        raise InvalidQuantity(f"You can order at most {conf.max_line_quantity} of one item.")


def _variant_for_sku(sku: str) -> Variant:
    try:  # the SKU is unique: get() (no ORDER BY) is cheaper to build and run than first()
        return Variant.objects.select_related("product").get(sku=sku, product__is_active=True)
    except Variant.DoesNotExist:
        raise UnknownSku(sku) from None


def _check_line(variant: Variant, quantity: int) -> None:
    if quantity > conf.max_line_quantity:
        raise LineFull(f"You can order at most {conf.max_line_quantity} of one item.")
    if quantity > variant.stock:
        raise OutOfStock(variant, quantity)


def cart_add(*, cart: Cart | None, sku: str, quantity: int, customer=None) -> CartLine:
    """Add `quantity` of `sku` to `cart`, merging with an existing line; with no cart, start one for `customer`
    holding this line (`line.cart`). A refused add writes nothing: no empty cart is left behind.

    Everything that only reads (quantity, product, stock) is checked before the write transaction, which is
    then a few statements long: on SQLite it holds the database's write lock (BEGIN IMMEDIATE) for that long."""
    _check_quantity(quantity)
    variant = _variant_for_sku(sku)
    if cart is not None:
        return _line_add(cart=cart, variant=variant, quantity=quantity)
    _check_line(variant, quantity)
    with transaction.atomic():
        cart = Cart.objects.create(customer=customer, currency=conf.currency)
        line = CartLine.objects.create(cart=cart, variant=variant, quantity=quantity)
        transaction.on_commit(partial(conversion_record, "cart_add"))
    return line


def cart_add_line(*, cart: Cart, sku: str, quantity: int) -> CartLine:
    """Add `quantity` of `sku` to the cart, merging with an existing line."""
    return cart_add(cart=cart, sku=sku, quantity=quantity)


def _line_add(*, cart: Cart, variant: Variant, quantity: int) -> CartLine:
    with transaction.atomic():
        line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
        new_quantity = quantity + (line.quantity if line else 0)
        _check_line(variant, new_quantity)
        if line is None:
            try:
                with transaction.atomic():
                    line = CartLine.objects.create(cart=cart, variant=variant, quantity=new_quantity)
            except IntegrityError:
                line = CartLine.objects.get(cart=cart, variant=variant)
                line.quantity = new_quantity
                line.save(update_fields=["quantity"])
        else:
            line.quantity = new_quantity
            line.save(update_fields=["quantity"])
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
        transaction.on_commit(partial(conversion_record, "cart_add"))
    return line


def cart_set_quantity(*, cart: Cart, line_id: int, quantity: int) -> CartLine:
    """Set a line's quantity."""
    _check_quantity(quantity)
    line = CartLine.objects.select_related("variant__product").filter(cart=cart, pk=line_id).first()
    if line is None:
        raise UnknownLine()
    if quantity > line.variant.stock:
        raise OutOfStock(line.variant, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


def cart_remove_line(*, cart: Cart, line_id: int) -> None:
    """Remove a line from the cart."""
    deleted, _ = CartLine.objects.filter(cart=cart, pk=line_id).delete()
    if not deleted:
        raise UnknownLine()
