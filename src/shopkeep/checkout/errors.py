class CheckoutError(Exception):
    """A checkout that cannot go ahead; `fields` maps field names to messages when input was at fault."""

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
