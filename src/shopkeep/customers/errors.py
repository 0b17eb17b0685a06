class EmailTaken(Exception):
    """An account with this email address already exists."""

    def __init__(self) -> None:
        super().__init__("An account with this email address already exists. Log in, or reset your password.")
        self.message = str(self)
