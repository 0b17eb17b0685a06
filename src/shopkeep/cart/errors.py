class CartError(Exception):
    """Base class for cart errors; the message is shown to the customer."""


class InvalidQuantity(CartError):
    pass


class LineFull(InvalidQuantity):
    """The quantity asked for is allowed, but with what the cart already holds the line would pass the maximum."""


class UnknownLine(CartError):
    def __init__(self) -> None:
        super().__init__("That item is not in this cart.")


class EmptyCart(CartError):
    def __init__(self) -> None:
        super().__init__("Your cart is empty.")


class CartAlreadyOrdered(CartError):
    def __init__(self) -> None:
        super().__init__("This cart has already been ordered; start a new cart to buy more.")
