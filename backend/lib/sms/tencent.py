"""Tencent Cloud SMS (SendSms, API 2021-01-11) through the official SDK, its answers mapped to ours.

One request per message (one number), so its one SendStatus is the message's fate. SessionContext
carries our notification id: Tencent has no idempotency key, but its delivery reports and the
console's send records name the notification, which is how a message of unknown fate is traced.

Tencent sends to numbers outside the mainland only with its international / HK-Macau-Taiwan templates,
approved apart from the mainland ones: TENCENT_SMS_TEMPLATES maps a kind to its mainland template and
``<kind>@intl`` to its international one, which every number not starting +86 is sent with.
"""
import logging
from urllib.parse import urlsplit

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from backend.lib.identity.mobile import e164, is_mainland, mask
from backend.lib.sms.errors import Delivery, SmsConfigError, SmsError, SmsRejected
from backend.lib.sms.templates import PARAM_MAX_LENGTH, TemplateParamError, positional

log = logging.getLogger("signstage.sms")

DEFAULT_ENDPOINT = "sms.tencentcloudapi.com"
# Seconds to wait at least before the next try, for the limits Tencent names.
RETRY_AFTER = {
    "LimitExceeded.PhoneNumberThirtySecondLimit": 30,
    "LimitExceeded.PhoneNumberOneHourLimit": 3600,
    "LimitExceeded.PhoneNumberDailyLimit": 3600,
    "LimitExceeded.DeliveryFrequencyLimit": 60,
    "LimitExceeded.AppDailyLimit": 3600,
    "LimitExceeded.AppCountryOrRegionDailyLimit": 3600,
    "RequestLimitExceeded": 1,
}
TEMPORARY_PREFIXES = ("InternalError", "ClientNetworkError", "ServerNetworkError", "RequestLimitExceeded",
                      "ResourceUnavailable", "FailedOperation.FailResolvePacket")
CONFIG_PREFIXES = ("AuthFailure", "UnauthorizedOperation", "InvalidParameterValue.SdkAppIdNotExist",
                   "FailedOperation.SignatureIncorrectOrUnapproved", "FailedOperation.InsufficientBalanceInSmsPackage")
CHECK_SECRET = "check TENCENT_SMS_SECRET_ID / TENCENT_SMS_SECRET_KEY"


INTERNATIONAL = "@intl"  # the suffix of a kind's key for its international template


def template_key(template: str, to: str) -> str:
    """The TENCENT_SMS_TEMPLATES key a message to this number is sent with: `<kind>@intl` outside the mainland."""
    return template if is_mainland(to) else template + INTERNATIONAL


def classify(code: str, message: str, *, answer: dict | None = None) -> SmsError:
    """The error of ours for one of Tencent's error codes: temporary, rejected, or configuration."""
    reason = f"{code}: {message}"
    if code.startswith("LimitExceeded") or code.startswith(TEMPORARY_PREFIXES):
        return SmsError(reason, code="sms_temporary", retry_after=RETRY_AFTER.get(code, 0), answer=answer)
    if code.startswith(CONFIG_PREFIXES):
        hint = f" ({CHECK_SECRET})" if code.startswith("AuthFailure") else " (check the TENCENT_SMS_* settings)"
        return SmsConfigError(reason + hint, answer=answer)
    return SmsRejected(reason, answer=answer)


class TencentBackend:
    """Sends each message with SendSms; raises SmsError (retry), SmsRejected or SmsConfigError (fail)."""

    def __init__(self, secret_id: str = "", secret_key: str = "", sdk_app_id: str = "", sign_name: str = "",
                 templates: dict | None = None, endpoint: str | None = None, region: str = "ap-guangzhou",
                 param_max_length: int = PARAM_MAX_LENGTH, timeout: int = 10):
        missing = [name for name, value in (("TENCENT_SMS_SECRET_ID", secret_id), ("TENCENT_SMS_SECRET_KEY", secret_key),
                                            ("TENCENT_SMS_SDK_APP_ID", sdk_app_id), ("TENCENT_SMS_SIGN_NAME", sign_name))
                   if not value]
        if missing:
            raise ValueError(f"SMS_BACKEND=tencent needs {', '.join(missing)}")
        self.sdk_app_id, self.sign_name = str(sdk_app_id), sign_name
        self.templates = {k: str(v) for k, v in (templates or {}).items()}
        self.param_max_length = param_max_length
        url = urlsplit(endpoint if endpoint and "://" in endpoint else f"https://{endpoint or DEFAULT_ENDPOINT}")
        http = HttpProfile(protocol=url.scheme, endpoint=url.netloc, reqTimeout=timeout)
        # No SDK retryer: the outbox decides when to try again, with the reason recorded.
        self._client = sms_client.SmsClient(credential.Credential(secret_id, secret_key), region,
                                            ClientProfile(httpProfile=http))

    def send(self, to: str, template: str, params: dict, text: str, reference: str | None = None) -> Delivery:
        """Send one message; return Tencent's SerialNo and answer."""
        key = template_key(template, to)
        template_id = self.templates.get(key)
        if not template_id:
            raise SmsConfigError(f"TENCENT_SMS_TEMPLATES has no template id for {key!r}")
        try:
            values = positional(template, params, max_length=self.param_max_length)
        except TemplateParamError as exc:
            raise SmsRejected(str(exc)) from exc
        req = models.SendSmsRequest()
        req.SmsSdkAppId, req.SignName, req.TemplateId = self.sdk_app_id, self.sign_name, template_id
        req.TemplateParamSet, req.PhoneNumberSet = values, [e164(to)]
        req.SessionContext = reference or ""
        try:
            resp = self._client.SendSms(req)
        except TencentCloudSDKException as exc:
            error = classify(exc.get_code() or "ClientNetworkError", exc.get_message() or "",
                             answer={"Error": {"Code": exc.get_code(), "Message": exc.get_message()},
                                     "RequestId": exc.get_request_id()})
            if isinstance(error, SmsConfigError):
                log.error("Tencent SMS refused our configuration: %s", error.message)
            raise error from exc
        answer = {"RequestId": resp.RequestId,
                  "SendStatusSet": [{"SerialNo": s.SerialNo, "PhoneNumber": s.PhoneNumber, "Fee": s.Fee,
                                     "SessionContext": s.SessionContext, "Code": s.Code, "Message": s.Message,
                                     "IsoCode": s.IsoCode} for s in resp.SendStatusSet or []]}
        if not answer["SendStatusSet"]:
            raise SmsError("Tencent answered without a send status", answer=answer)
        status = answer["SendStatusSet"][0]
        if status["Code"] != "Ok":
            error = classify(status["Code"] or "", status["Message"] or "", answer=answer)
            if isinstance(error, SmsConfigError):
                log.error("Tencent SMS refused our configuration: %s", error.message)
            raise error
        log.info("SMS %s to %s accepted by Tencent: %s", reference, mask(to), status["SerialNo"])
        return Delivery(status["SerialNo"], answer)
