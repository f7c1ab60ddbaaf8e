"""What a provider answers: the errors an SMS backend raises, and the receipt of an accepted message."""
from dataclasses import dataclass, field

from backend.lib.errors import N_, LibraryError


class SmsError(LibraryError):
    """The provider could not take the message now: sent again later (a temporary failure)."""

    code = "sms_failed"
    message_zh = N_("短信发送失败")

    def __init__(self, message: str = "", *, retry_after: float = 0, answer: dict | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after  # seconds the provider asks us to wait at least
        self.answer = answer


class SmsRejected(SmsError):
    """The provider refused this message for good: sending it again would fail the same way."""

    code = "sms_rejected"
    message_zh = N_("短信被服务商拒绝")


class SmsConfigError(SmsRejected):
    """The provider refused our credentials or account settings: no message can go until they are fixed."""

    code = "sms_config"
    message_zh = N_("短信服务配置错误")


@dataclass
class Delivery:
    """What the provider answered for a message it accepted."""

    provider_id: str | None = None
    answer: dict = field(default_factory=dict)
