"""Cart pricing: line totals, subtotal, shipping and total, all Money in one currency."""

from __future__ import annotations

from dataclasses import dataclass

from shopkeep.money import Money


@dataclass(frozen=True)
class PricedLine:
    line_id: int | None
    sku: str
    name: str
    size: str
    unit_price: Money
    quantity: int

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class CartTotals:
    lines: tuple[PricedLine, ...]
    subtotal: Money
    shipping: Money
    total: Money

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def price_lines(*, lines: list[PricedLine], shipping: Money | None, currency: str) -> CartTotals:
    """Sum the lines and add shipping."""
    subtotal = Money.zero(currency)
    for line in lines:
        subtotal = subtotal + line.total
    shipping = shipping if shipping is not None else Money.zero(currency)
    return CartTotals(lines=tuple(lines), subtotal=subtotal, shipping=shipping, total=subtotal + shipping)
