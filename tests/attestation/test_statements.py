"""Signed statements verify with the signer's certificate alone: no app, no database, no key."""
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from backend.lib.attestation.errors import AttestationError, TimestampMismatch
from backend.lib.attestation.statements import certificate_sha256, checkpoint_statement, sign_statement, verify_statement
from backend.lib.attestation.timestamps import read_timestamp, timestamp_token
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.finish import timestamper_for


def _self_signed(key) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test")])
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1)))
    cert = builder.sign(key, None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return PlatformCA.load_or_create(str(tmp_path_factory.mktemp("ca")))


def test_a_checkpoint_statement_verifies_with_the_platform_certificate_pem_alone(ca):
    cred = ca.platform_credential()
    statement = checkpoint_statement("m1", 7, "ab" * 32, "signed", "2026-12-03T10:00:00+00:00")
    signature = sign_statement(cred.key_pem, statement)
    cert_pem = cred.cert_pem  # everything the verifier holds: this, the statement and the signature
    assert verify_statement(cert_pem, statement, signature)
    assert not verify_statement(cert_pem, checkpoint_statement("m1", 7, "ab" * 32, "signed",
                                                               "2026-12-03T10:00:01+00:00"), signature)
    assert not verify_statement(ca.local_tsa_credential().cert_pem, statement, signature)  # another certificate
    assert len(certificate_sha256(cert_pem)) == 64


def test_the_statement_is_one_canonical_byte_string():
    assert checkpoint_statement("m1", 1, "00", "booked", "t") == (
        b'{"created_at":"t","head":"00","meeting_id":"m1","reason":"booked","seq":1,'
        b'"type":"signstage.audit.checkpoint","v":1}')


@pytest.mark.parametrize("make_key", [lambda: rsa.generate_private_key(65537, 2048), ed25519.Ed25519PrivateKey.generate,
                                      lambda: ec.generate_private_key(ec.SECP384R1())])
def test_rsa_ed25519_and_other_curves_sign_too(make_key):
    key = make_key()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    signature = sign_statement(pem, b"statement")
    assert verify_statement(_self_signed(key), b"statement", signature)
    assert not verify_statement(_self_signed(key), b"statement!", signature)


def test_junk_keys_and_certificates_are_library_errors():
    with pytest.raises(AttestationError):
        sign_statement(b"not a key", b"s")
    with pytest.raises(AttestationError):
        verify_statement(b"not a certificate", b"s", b"sig")


def test_a_timestamp_token_covers_exactly_its_signature(ca):
    token = timestamp_token(timestamper_for(ca, None), b"signature")
    assert read_timestamp(token, b"signature").tzinfo is not None
    with pytest.raises(TimestampMismatch):
        read_timestamp(token, b"another signature")
    with pytest.raises(TimestampMismatch):
        read_timestamp(b"junk", b"signature")


def test_an_unreachable_timestamp_authority_is_a_library_error():
    from pyhanko.sign.timestamps import HTTPTimeStamper
    with pytest.raises(AttestationError):
        timestamp_token(HTTPTimeStamper("http://127.0.0.1:9/", timeout=2), b"signature")
