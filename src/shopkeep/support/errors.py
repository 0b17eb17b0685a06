"""Refusals of the help center and support requests, with messages a person can act on."""


class SupportError(Exception):
    """A refused support action; `fields` maps form fields to their message."""

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class OrderDoesNotMatch(SupportError):
    pass


class TooManyRequests(SupportError):
    pass


class TicketClosed(SupportError):
    pass
