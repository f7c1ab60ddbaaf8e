"""Request-rate limits of the endpoints anyone can reach, per client address or per secret link.

They bound load and the speed of guessing; none of them counts against one signer or one phone
(an onlooker sees every QR code). The domain rules that do are in services.attempts and services.otp.
"""
from flask import current_app, request

from backend.core.extensions import limiter
from backend.core.security.tokens import token_digest


def _failed_check(response) -> bool:
    return response.status_code == 422


def _sent(response) -> bool:
    return response.status_code == 202


def _activation_link() -> str:
    return "activation:" + token_digest((request.view_args or {}).get("token", ""))


def _copy_link() -> str:
    return "copy:" + token_digest((request.view_args or {}).get("token", ""))


def _signer_session() -> str:
    return "signer-session:" + token_digest(request.headers.get("Authorization", ""))


def _configured(name: str):
    return lambda: current_app.config[name]


# A whole venue behind one NAT may start many signer sessions; a script starting thousands may not.
signer_login = limiter.limit(_configured("SIGNER_LOGIN_RATE_LIMIT"))
# Only codes actually sent count, so refusals (cooldown, quota) cannot shut an address out.
signer_sms = limiter.limit(_configured("SIGNER_SMS_RATE_LIMIT"), deduct_when=_sent)
# Only failed checks count: colleagues behind the same address keep verifying.
signer_verify = limiter.limit(_configured("SIGNER_VERIFY_RATE_LIMIT"), deduct_when=_failed_check)
activation_sms = limiter.limit("30 per hour", deduct_when=_sent)
# An activation link is private; a wrong code on it costs a try whatever the address.
activation_verify = limiter.limit("10 per 10 minutes", key_func=_activation_link, deduct_when=_failed_check)
activation_verify_per_address = limiter.limit("60 per 10 minutes", deduct_when=_failed_check)
# Verifying a PDF costs seconds of CPU in a child process; anyone may ask, nobody may ask often.
verify = limiter.limit(_configured("VERIFY_RATE_LIMIT"))
# A signed-copy link is private, like an activation link; its codes are also rationed per link (services.otp).
copy_sms = limiter.limit(_configured("SIGNER_SMS_RATE_LIMIT"), deduct_when=_sent)
copy_verify = limiter.limit("10 per 10 minutes", key_func=_copy_link, deduct_when=_failed_check)
copy_verify_per_address = limiter.limit(_configured("SIGNER_VERIFY_RATE_LIMIT"), deduct_when=_failed_check)
# Each download reads a whole PDF from the store: a person needs a few, a loop may not have thousands.
copy_download = limiter.limit("60 per minute")
# Drawing a typed name costs milliseconds of CPU: a signer previews a few times, a loop on one session may not.
typed_signature = limiter.limit("30 per minute", key_func=_signer_session)
