class OrderError(Exception):
    """Base class of order errors; the message is fit to show to staff or the customer."""


class IllegalTransition(OrderError):
    def __init__(self, order_number: str, current: str, to: str) -> None:
        super().__init__(f"Order {order_number} is {current.replace('_', ' ')} and cannot become {to.replace('_', ' ')}.")
        self.current = current
        self.to = to


class NothingToDispatch(OrderError):
    pass


class ReturnRefused(OrderError):
    pass


class RefundTooLarge(OrderError):
    pass
