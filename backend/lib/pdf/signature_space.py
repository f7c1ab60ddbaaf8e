"""Room for a signature's CMS container in the PDF, sized from what goes into it instead of a fixed 16 kB.

What pyHanko builds for one of our credentials, measured (event certificate, chain of three EC certs):
2,025 bytes = the certificates (1,505) + the issuer's name in the signer's id (84) + the signature (70-72)
+ 365 of signed attributes (content type, digest, signing time, certificate hash, algorithm protection:
248), serial and structure. Everything but the signature's exact length is known before signing.
A timestamp token (2,751 bytes from the local TSA) is the same shape around its TSTInfo.
"""

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

# The 365 bytes above, with room for longer attribute encodings.
_ATTRIBUTES_AND_STRUCTURE = 512
# A token's signed attributes (269), TSTInfo (250: policy, imprint, serial, time, nonce) and structure.
_TOKEN_ATTRIBUTES_AND_STRUCTURE = 1024
# The unsigned attribute that carries a token inside the signature's CMS (25 measured).
_TOKEN_WRAPPING = 64


def _signature_bound(cert: x509.Certificate) -> int:
    key = cert.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        return 2 * ((key.curve.key_size + 7) // 8) + 9  # DER of two integers, each maybe with a sign byte
    if isinstance(key, rsa.RSAPublicKey):
        return (key.key_size + 7) // 8 + 8
    return 1024  # a key type we do not issue: generous


def _signed_data_bound(cert_pem: bytes, chain_pem) -> int:
    certs = [x509.load_pem_x509_certificate(pem) for pem in (cert_pem, *chain_pem)]
    return (sum(len(c.public_bytes(Encoding.DER)) for c in certs) + len(certs[0].issuer.public_bytes())
            + _signature_bound(certs[0]))


def timestamp_token_bound(tsa_cert_pem: bytes, tsa_chain_pem) -> int:
    """An upper bound of the DER size of a timestamp token by tsa_cert_pem with its chain embedded."""
    return _signed_data_bound(tsa_cert_pem, tsa_chain_pem) + _TOKEN_ATTRIBUTES_AND_STRUCTURE


def cms_bound(cert_pem: bytes, chain_pem, *, token_bound: int = 0) -> int:
    """An upper bound of the DER size of a CMS signature by cert_pem (chain embedded), with a token if given."""
    token = token_bound + _TOKEN_WRAPPING if token_bound else 0
    return _signed_data_bound(cert_pem, chain_pem) + _ATTRIBUTES_AND_STRUCTURE + token


def reserved_bytes(der_bound: int) -> int:
    """What to reserve in the PDF for a CMS of at most der_bound bytes: it is written as hex, twice as long."""
    return 2 * der_bound
