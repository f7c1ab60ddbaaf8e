"""What the fake Tencent Cloud SMS knows (account, sign names, templates), injected faults and its record."""
from __future__ import annotations

import itertools
import re
import threading
import time
from dataclasses import dataclass, field

from backend.lib.sms.templates import CODE_MAX_DIGITS, CODE_PARAMS, PARAM_MAX_LENGTH, PARAMS

MESSAGES = {
    "AuthFailure.SignatureFailure": "The provided credentials could not be validated. Please check your signature is correct.",
    "AuthFailure.SecretIdNotFound": "The SecretId is not found, please ensure that your SecretId is correct.",
    "AuthFailure.SignatureExpire": "Signature expired. Timestamp and server time cannot exceed five minutes.",
    "AuthFailure.InvalidAuthorization": "The Authorization header is not in the TC3-HMAC-SHA256 format.",
    "InvalidAction": "The requested action does not exist.",
    "NoSuchVersion": "The requested version does not exist or is not supported.",
    "MissingParameter": "A required parameter is missing.",
    "InvalidParameterValue.SdkAppIdNotExist": "SdkAppId does not exist.",
    "FailedOperation.SignatureIncorrectOrUnapproved": "The signature is incorrect or has not been approved.",
    "FailedOperation.TemplateIncorrectOrUnapproved": "The template ID is incorrect or the template has not been approved.",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "The template parameters do not match the template.",
    "InvalidParameterValue.TemplateParameterLengthLimit": "A template variable is longer than 12 characters.",
    "InvalidParameterValue.TemplateParameterFormatError": "A verification code variable takes 0-6 digits only.",
    "InvalidParameterValue.IncorrectPhoneNumber": "The phone number is not in E.164 format.",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "The number received a message within the last 30 seconds.",
    "LimitExceeded.PhoneNumberOneHourLimit": "The number reached its hourly limit.",
    "LimitExceeded.PhoneNumberDailyLimit": "The number reached its daily limit.",
    "RequestLimitExceeded": "Your request frequency exceeds the limit.",
    "InternalError.Timeout": "Internal timeout.",
    "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": "Mainland and international numbers mixed.",
}
INTERNATIONAL = "@intl"
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
MAINLAND = re.compile(r"^\+861[3-9]\d{9}$")


@dataclass
class Fault:
    code: str
    message: str | None = None
    per_number: bool = False  # answered in SendStatusSet (the request itself succeeds), not as Response.Error


@dataclass
class Received:
    """One SendSms request as the fake saw it."""

    action: str
    body: dict
    signature_ok: bool
    error: str | None = None  # the request-level error code answered, if any
    statuses: list = field(default_factory=list)  # the SendStatusSet answered

    @property
    def delivered(self) -> list[dict]:
        """The per-number statuses that count as sent."""
        return [s for s in self.statuses if s["Code"] == "Ok"]


class FakeState:
    """The fake's account and memory; every method is thread-safe."""

    def __init__(self, secret_id: str, secret_key: str, sdk_app_id: str, sign_names, templates: dict, *,
                 clock=time.time, param_max_length: int = PARAM_MAX_LENGTH):
        self.secret_id, self.secret_key, self.sdk_app_id = secret_id, secret_key, str(sdk_app_id)
        self.sign_names = set(sign_names)
        self.templates = {str(tid): kind for kind, tid in templates.items()}  # template id -> kind
        self.clock, self.param_max_length = clock, param_max_length
        self._lock = threading.Lock()
        self._faults: list[list] = []  # [Fault, times left]
        self._received: list[Received] = []
        self._serial = itertools.count(1)

    def add_fault(self, fault: Fault, times: int = 1) -> None:
        with self._lock:
            self._faults.append([fault, times])

    def take_fault(self) -> Fault | None:
        with self._lock:
            for entry in self._faults:
                if entry[1] > 0:
                    entry[1] -= 1
                    return entry[0]
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._received.clear()

    def record(self, received: Received) -> None:
        with self._lock:
            self._received.append(received)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def serial_no(self) -> str:
        with self._lock:
            return f"fake:{next(self._serial):08d}"

    def check_body(self, body: dict) -> str | None:
        """The request-level error code for a SendSms body, or None when Tencent would accept it."""
        for name in ("SmsSdkAppId", "TemplateId", "PhoneNumberSet"):
            if not body.get(name):
                return "MissingParameter"
        if str(body["SmsSdkAppId"]) != self.sdk_app_id:
            return "InvalidParameterValue.SdkAppIdNotExist"
        if body.get("SignName") not in self.sign_names:
            return "FailedOperation.SignatureIncorrectOrUnapproved"
        kind = self.templates.get(str(body["TemplateId"]))
        if kind is None:
            return "FailedOperation.TemplateIncorrectOrUnapproved"
        international = kind.endswith(INTERNATIONAL)
        names, values = PARAMS[kind.removesuffix(INTERNATIONAL)], body.get("TemplateParamSet") or []
        if len(values) != len(names) or not all(isinstance(v, str) for v in values):
            return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
        for name, value in zip(names, values):
            if name in CODE_PARAMS:
                if not (re.fullmatch(r"\d{0,%d}" % CODE_MAX_DIGITS, value)):
                    return "InvalidParameterValue.TemplateParameterFormatError"
            elif self.param_max_length and len(value) > self.param_max_length:
                return "InvalidParameterValue.TemplateParameterLengthLimit"
        phones = body["PhoneNumberSet"]
        if len({bool(MAINLAND.match(p)) for p in phones}) > 1:
            return "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber"
        if any(E164.match(p) and bool(MAINLAND.match(p)) == international for p in phones):
            # Tencent sends outside the mainland with international templates only, and inside with mainland
            # ones; which code it answers for the wrong one is not documented: the fake says the template is wrong.
            return "FailedOperation.TemplateIncorrectOrUnapproved"
        return None

    def status_for(self, phone: str, body: dict, fault: Fault | None) -> dict:
        """The SendStatus of one number."""
        code = "Ok"
        if not E164.match(phone):
            code = "InvalidParameterValue.IncorrectPhoneNumber"
        elif fault is not None:
            code = fault.code
        ok = code == "Ok"
        return {"SerialNo": self.serial_no() if ok else "", "PhoneNumber": phone, "Fee": 1 if ok else 0,
                "SessionContext": body.get("SessionContext") or "", "Code": code,
                "Message": "send success" if ok else (fault.message if fault and fault.message else MESSAGES.get(code, code)),
                "IsoCode": "CN" if phone.startswith("+86") else "XX"}
