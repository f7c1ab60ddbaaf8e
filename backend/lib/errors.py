"""The one error base of the libraries: a stable `code`, a message in English and a Chinese msgid to translate."""


def N_(text: str) -> str:
    """Mark a message for the catalogues; whoever shows it translates it (libraries know no locale)."""
    return text


class LibraryError(Exception):
    """A library refused its input or could not finish; only the web layer turns it into HTTP.

    `message_zh` is a catalogue msgid (marked with N_) with named placeholders filled from `params`;
    `message` is the English for logs.
    """

    code = "error"
    message_zh = N_("处理失败")

    def __init__(self, message: str = "", *, code: str | None = None, message_zh: str | None = None,
                 params: dict | None = None):
        if code:
            self.code = code
        if message_zh:
            self.message_zh = message_zh
        self.params = params or {}
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        super().__init__(self.message)

    def as_dict(self) -> dict:
        """The error as plain values for a JSON body."""
        return {"code": self.code, "message": self.message, "message_zh": self.message_zh % self.params}
