class EmailRefused(Exception):
    """The send function refused to send: unknown kind, no confirmed subscription, or a suppressed address."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
