"""A shipping method as a price: what delivery costs for items of a given value."""

from dataclasses import dataclass

from shopkeep.money import Money


@dataclass(frozen=True)
class ShippingOption:
    """A shipping method priced in one currency; free from `free_over` (items after discounts) if set."""

    code: str
    name: str
    delivery: str
    price: Money
    free_over: Money | None = None

    def charge(self, *, items: Money) -> Money:
        """What delivery costs when the items (after discounts) come to `items`: free at or above the threshold."""
        if self.free_over is not None and self.free_over <= items:
            return Money.zero(self.price.currency)
        return self.price
