"""TC3-HMAC-SHA256, Tencent Cloud API signature v3, written from Tencent's description (not the SDK's code).

    CanonicalRequest = Method \\n URI \\n Query \\n CanonicalHeaders \\n SignedHeaders \\n hex(SHA256(payload))
    StringToSign     = "TC3-HMAC-SHA256" \\n Timestamp \\n Date/service/tc3_request \\n hex(SHA256(CanonicalRequest))
    SecretDate = HMAC("TC3" + SecretKey, Date); SecretService = HMAC(SecretDate, service);
    SecretSigning = HMAC(SecretService, "tc3_request"); Signature = hex(HMAC(SecretSigning, StringToSign))

Canonical headers are the signed headers, names and values lowercased and trimmed, each "name:value\\n",
in the order SignedHeaders lists them (sorted, ";"-joined).
"""
import hashlib
import hmac
import re
from datetime import datetime, timezone

ALGORITHM = "TC3-HMAC-SHA256"
_AUTH = re.compile(r"^TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/(?P<service>[a-z0-9]+)"
                   r"/tc3_request, SignedHeaders=(?P<headers>[a-z0-9;-]+), Signature=(?P<sig>[0-9a-f]{64})$")


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def parse_authorization(value: str) -> dict | None:
    """The parts of an Authorization header, or None when it is not TC3's shape."""
    match = _AUTH.match(value or "")
    return match.groupdict() if match else None


def canonical_request(method: str, uri: str, query: str, headers: dict, signed: list[str], payload: bytes) -> str:
    """The canonical request of a call (headers: lowercased name -> value)."""
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed)
    return "\n".join((method.upper(), uri or "/", query, canonical_headers, ";".join(signed),
                      hashlib.sha256(payload).hexdigest()))


def signature(secret_key: str, timestamp: int, service: str, canonical: str) -> str:
    """The hex signature of a canonical request made at `timestamp`."""
    date = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join((ALGORITHM, str(timestamp), scope, hashlib.sha256(canonical.encode("utf-8")).hexdigest()))
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode("utf-8"), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
