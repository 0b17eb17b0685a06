class TooManyRequests(Exception):
    """Too many requests for a link to one's data from one IP address or to one email address in an hour."""

    def __init__(self) -> None:
        self.message = ("We have sent several links in the last hour. Please use the one in your email, or try again "
                        "in an hour.")
        super().__init__(self.message)
