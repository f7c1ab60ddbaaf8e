"""The one error base of the libraries: a stable `code`, a message in English and one in Chinese."""


def N_(text: str) -> str:
    """Mark a message for the catalogues; whoever shows it translates it (libraries know no locale)."""
    return text


class LibraryError(Exception):
    """A library refused its input or could not finish; only the web layer turns it into HTTP."""

    code = "error"
    message_zh = "处理失败"

    def __init__(self, message: str = "", *, code: str | None = None, message_zh: str | None = None):
        if code:
            self.code = code
        if message_zh:
            self.message_zh = message_zh
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        super().__init__(self.message)

    def as_dict(self) -> dict:
        """The error as plain values for a JSON body."""
        return {"code": self.code, "message": self.message, "message_zh": self.message_zh}
