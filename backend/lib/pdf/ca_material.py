"""Reading a configured CA: a private key and its certificates from PEM or PKCS#12 bytes."""
import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from backend.lib.pdf.errors import CaUnavailable


def read_ca_material(data: bytes, password: bytes | None):
    """(issuing certificate, key, chain issuing-first-root-last) from PEM (key and certificates, any order) or PKCS#12."""
    key, certs = _pem_material(data, password) if b"-----BEGIN" in data else _pkcs12_material(data, password)
    return _issuing_chain(key, certs)


_PEM_KEY = re.compile(rb"-----BEGIN ((?:ENCRYPTED |RSA |EC )?PRIVATE KEY)-----.+?-----END \1-----", re.S)


def _pem_material(data: bytes, password: bytes | None):
    keys = [m.group(0) for m in _PEM_KEY.finditer(data)]
    if len(keys) != 1:
        raise CaUnavailable(f"The CA PEM must hold exactly one private key, not {len(keys)}")
    try:
        key = serialization.load_pem_private_key(keys[0], password=password)
    except (TypeError, ValueError) as exc:
        raise CaUnavailable(f"Cannot read the CA private key (wrong or missing password?): {exc}") from exc
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise CaUnavailable(f"The CA PEM holds no readable certificate: {exc}") from exc
    return key, certs


def _pkcs12_material(data: bytes, password: bytes | None):
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except (TypeError, ValueError) as exc:
        raise CaUnavailable(f"Cannot load the configured PKCS#12 CA (wrong password, or not PKCS#12?): {exc}") from exc
    if key is None or cert is None:
        raise CaUnavailable("The PKCS#12 file holds no key or certificate")
    return key, [cert, *extra]


def _spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _issuing_chain(key, certs: list[x509.Certificate]):
    """(issuing certificate, key, chain issuing-first-root-last) from a key and a bag of certificates."""
    issuing = next((c for c in certs if _spki(c.public_key()) == _spki(key.public_key())), None)
    if issuing is None:
        raise CaUnavailable("No certificate in the CA file matches its private key")
    try:
        is_ca = issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise CaUnavailable("The CA file's certificate is not a CA certificate (basicConstraints CA:TRUE)")
    chain, rest = [issuing], [c for c in certs if c is not issuing]
    while chain[-1].issuer != chain[-1].subject:
        parent = next((c for c in rest if c.subject == chain[-1].issuer), None)
        if parent is None:
            break  # the file leaves out the root: the last certificate given is the trust anchor
        chain.append(parent)
        rest.remove(parent)
    return issuing, key, chain
