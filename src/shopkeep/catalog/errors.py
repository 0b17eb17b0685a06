class CatalogError(Exception):
    """Base class for catalogue errors; the message is shown to the customer."""


class UnknownSku(CatalogError):
    def __init__(self, sku: str) -> None:
        super().__init__(f"There is no product with SKU {sku!r}.")
        self.sku = sku


class OutOfStock(CatalogError):
    def __init__(self, variant, requested: int) -> None:
        available = variant.stock
        if available == 0:
            message = f"Sorry, {variant} is sold out."
        else:
            message = f"Sorry, only {available} of {variant} left in stock; you asked for {requested}."
        super().__init__(message)
        self.variant = variant
        self.requested = requested


class DocumentRefused(CatalogError):
    """An uploaded product document is not accepted; the message says why and what to do."""


class PictureRefused(CatalogError):
    """An uploaded product picture is not accepted; the message says why and what to do."""
