"""Standard Webhooks signatures: `whsec_` secrets, and the signature header, one `v1,` signature per live secret."""
import base64
import secrets as random
from datetime import datetime, timezone

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret, `whsec_` and base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(random.token_bytes(SECRET_BYTES)).decode()


def new_message_id() -> str:
    """A message id (the webhook-id header): the same on every retry of one delivery."""
    return "msg_" + random.token_urlsafe(18)


def headers(signing_secrets: list[str], message_id: str, timestamp: float, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers; during a rotation each secret adds its signature, space separated."""
    at = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    signature = " ".join(Webhook(secret).sign(message_id, at, body) for secret in signing_secrets)
    return {"webhook-id": message_id, "webhook-timestamp": str(int(timestamp)), "webhook-signature": signature}
