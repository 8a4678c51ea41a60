class BusinessRuleError(Exception):
    """A rule refuses the operation; the message is French and shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
