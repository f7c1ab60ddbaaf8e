"""The platform CA: a root and an issuing CA, event certificates for signers, and the platform's own keys."""

import datetime as dt
import fcntl
import os
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.lib.pdf.ca_material import read_ca_material
from backend.lib.pdf.ca_records import CaRecords, DirectoryRecords, KeptCredentials, write_atomically
from backend.lib.pdf.errors import CaUnavailable

_UTC = dt.timezone.utc
LOCAL_TSA_CN = "Signstage Local Timestamp Authority (not a qualified TSA)"
# What marks a rehearsal's certificates (signers' and the platform's): their subject's OU. Only this CA
# issues certificates under its root, so no contract certificate can carry it.
REHEARSAL_UNIT = "彩排 (rehearsal)"  # i18n: data (a certificate's OU; verification looks for it)
REHEARSAL_PLATFORM_CN = "Signstage 彩排 (rehearsal)"  # i18n: data (a certificate's CN)


@dataclass(frozen=True)
class EventCredential:
    """A certificate with its private key and chain (issuing CA, root), ready for pyHanko."""

    cert_pem: bytes
    key_pem: bytes
    chain_pem: tuple[bytes, ...]
    serial: int

    @property
    def serial_hex(self) -> str:
        """The serial as lowercase hex, as stored in the registry."""
        return format(self.serial, "x")

    def pyhanko_signer(self):
        """A pyHanko SimpleSigner for this credential."""
        from pyhanko.keys import load_private_key_from_pemder_data
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        cert = _asn1(self.cert_pem)
        key = load_private_key_from_pemder_data(self.key_pem, passphrase=None)
        store = SimpleCertificateStore.from_certs([_asn1(c) for c in self.chain_pem])
        return SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=store)


def _asn1(pem: bytes):
    from asn1crypto import pem as asn1pem
    from asn1crypto import x509 as asn1x509

    if asn1pem.detect(pem):
        _, _, pem = asn1pem.unarmor(pem)
    return asn1x509.Certificate.load(pem)


def _now() -> dt.datetime:
    return dt.datetime.now(_UTC)


def _name(cn: str, org: str | None = None, unit: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _serial() -> int:
    # 120 random bits: unique without coordination between app machines.
    return secrets.randbits(120) | (1 << 119)


def _build(subject, issuer, public_key, signing_key, *, days: float, ca: bool, path_len=None,
           issuer_cert=None, key_usage: dict, eku=None) -> x509.Certificate:
    now = _now()
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
         .serial_number(_serial())
         # a little back-dating absorbs clock skew between machines
         .not_valid_before(now - dt.timedelta(minutes=10))
         .not_valid_after(now + dt.timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    ku = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
              data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
              encipher_only=False, decipher_only=False)
    ku.update(key_usage)
    b = b.add_extension(x509.KeyUsage(**ku), critical=True)
    if issuer_cert is not None:
        ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return b.sign(signing_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


class PlatformCA:
    """An issuing CA (and its root); issues event certificates and keeps a registry by serial in its records."""

    def __init__(self, records: "CaRecords | str", issuing_cert: x509.Certificate, issuing_key,
                 chain: list[x509.Certificate]):
        self.records = KeptCredentials(DirectoryRecords(records) if isinstance(records, str) else records)
        self.directory = getattr(self.records, "directory", None)
        self.issuing_cert = issuing_cert
        self._issuing_key = issuing_key
        self.chain = chain  # issuing CA first, root last

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def load_or_create(cls, directory: str, *, common_name: str = "Signstage Platform") -> "PlatformCA":
        """Load the CA from `directory`, generating root and issuing CA there on first use."""
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            # several workers may start at once: only one generates, the others load
            with open(os.path.join(directory, ".lock"), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not os.path.exists(os.path.join(directory, "issuing.key")):
                    cls._generate(directory, common_name)
                return cls._load_dir(directory)
        except OSError as exc:
            raise CaUnavailable(f"Cannot use CA directory {directory}: {exc}") from exc

    @staticmethod
    def _generate(directory: str, common_name: str) -> None:
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(f"{common_name} Root CA", common_name)
        root = _build(root_name, root_name, root_key.public_key(), root_key, days=365 * 20, ca=True,
                      path_len=1, key_usage=dict(key_cert_sign=True, crl_sign=True))
        iss_key = ec.generate_private_key(ec.SECP256R1())
        iss = _build(_name(f"{common_name} Issuing CA", common_name), root_name, iss_key.public_key(),
                     root_key, days=365 * 10, ca=True, path_len=0, issuer_cert=root,
                     key_usage=dict(key_cert_sign=True, crl_sign=True))
        write_atomically(os.path.join(directory, "root.key"), _key_pem(root_key), 0o600)
        write_atomically(os.path.join(directory, "root.pem"), _pem(root), 0o644)
        write_atomically(os.path.join(directory, "issuing.pem"), _pem(iss), 0o644)
        write_atomically(os.path.join(directory, "issuing.key"), _key_pem(iss_key), 0o600)

    @classmethod
    def _load_dir(cls, directory: str) -> "PlatformCA":
        with open(os.path.join(directory, "issuing.pem"), "rb") as fh:
            iss = x509.load_pem_x509_certificate(fh.read())
        with open(os.path.join(directory, "issuing.key"), "rb") as fh:
            key = serialization.load_pem_private_key(fh.read(), password=None)
        with open(os.path.join(directory, "root.pem"), "rb") as fh:
            root = x509.load_pem_x509_certificate(fh.read())
        return cls(directory, iss, key, [iss, root])

    @classmethod
    def from_pem_files(cls, records: "CaRecords | str", *, cert_path: str, key_path: str, chain_paths=(),
                       password: bytes | None = None) -> "PlatformCA":
        """Use a configured issuing CA (PEM cert + key, chain up to the root); `records` keeps the registry."""
        try:
            data = b"\n".join(open(p, "rb").read() for p in (key_path, cert_path, *chain_paths))
        except OSError as exc:
            raise CaUnavailable(f"Cannot load the configured CA: {exc}") from exc
        return cls.from_material(records, data, password)

    @classmethod
    def from_pkcs12(cls, records: "CaRecords | str", path: str, password: bytes | None = None) -> "PlatformCA":
        """Use a configured issuing CA from a PKCS#12 file (key, cert, chain)."""
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise CaUnavailable(f"Cannot load the configured PKCS#12 CA: {exc}") from exc
        return cls.from_material(records, data, password)

    @classmethod
    def from_material(cls, records: "CaRecords | str", data: bytes, password: bytes | None = None) -> "PlatformCA":
        """Use an issuing CA given as bytes: PEM (a private key and its certificate, then the chain up to the
        root, in any order) or PKCS#12 (DER)."""
        return cls(records, *read_ca_material(data, password))

    # -- trust
    # -- trust --------------------------------------------------------------------------------
    @property
    def root_pem(self) -> bytes:
        """PEM of the root certificate (the last in the chain)."""
        return _pem(self.chain[-1])

    @property
    def trust_roots(self) -> list:
        """Trust anchors for validators (asn1crypto certificates)."""
        return [_asn1(self.root_pem)]

    def _chain_pem(self) -> tuple[bytes, ...]:
        return tuple(_pem(c) for c in self.chain)

    # -- issuing ------------------------------------------------------------------------------
    def _issue(self, cn: str, org: str | None, *, days: float, eku=None, use_rsa=False,
               unit: str | None = None) -> EventCredential:
        # EC keys are generated in microseconds; pyHanko's local TSA only signs with RSA.
        key = rsa.generate_private_key(65537, 2048) if use_rsa else ec.generate_private_key(ec.SECP256R1())
        cert = _build(_name(cn, org, unit), self.issuing_cert.subject, key.public_key(), self._issuing_key,
                      days=days, ca=False, issuer_cert=self.issuing_cert, eku=eku,
                      key_usage=dict(digital_signature=True, content_commitment=eku is None))
        pem = _pem(cert)
        self.records.record_issued(format(cert.serial_number, "x"), pem)
        return EventCredential(pem, _key_pem(key), self._chain_pem(), cert.serial_number)

    def issue_event_certificate(self, name: str, organisation: str, *, days: float = 3,
                                rehearsal: bool = False) -> EventCredential:
        """A fresh key and certificate (CN=name, O=organisation; OU=彩排 in a rehearsal) valid for `days`, recorded
        by serial."""
        if not name or not name.strip():
            raise CaUnavailable("An event certificate needs the signer's name")
        return self._issue(name.strip(), (organisation or "").strip() or None, days=days,
                           unit=REHEARSAL_UNIT if rehearsal else None)

    def _ours(self, cert: x509.Certificate) -> bool:
        # The records may be shared storage that others can write: only what this CA signed counts.
        try:
            cert.verify_directly_issued_by(self.issuing_cert)
        except (ValueError, TypeError, InvalidSignature):
            return False
        return True

    def issued_certificate(self, serial: int | str) -> bytes | None:
        """PEM of a certificate this CA issued, by serial (int or hex), or None."""
        hexserial = (serial if isinstance(serial, str) else format(serial, "x")).lower()
        if not hexserial or not all(ch in "0123456789abcdef" for ch in hexserial):
            return None
        pem = self.records.issued(hexserial)
        try:
            cert = x509.load_pem_x509_certificate(pem) if pem else None
        except ValueError:
            return None
        if cert is None or format(cert.serial_number, "x") != hexserial or not self._ours(cert):
            return None
        return pem

    def _long_lived(self, stem: str, cn: str, *, eku=None, use_rsa=False, unit: str | None = None) -> EventCredential:
        with self.records.lock():
            kept = self.records.credential(stem)
            if kept is not None:
                pem, key_pem = kept
                cert = x509.load_pem_x509_certificate(pem)
                # renew a month before expiry so signatures never use a dying certificate; a
                # credential of another CA (the configured CA was replaced) is replaced too
                if cert.not_valid_after_utc - _now() > dt.timedelta(days=30) and self._ours(cert):
                    return EventCredential(pem, key_pem, self._chain_pem(), cert.serial_number)
            org = self.issuing_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
            cred = self._issue(cn, org[0].value if org else None, days=365 * 2, eku=eku, use_rsa=use_rsa, unit=unit)
            self.records.save_credential(stem, cred.cert_pem, cred.key_pem)
            return cred

    def platform_credential(self) -> EventCredential:
        """The platform's own signing credential (created on first use, renewed before expiry)."""
        return self._long_lived("platform", "Signstage Platform Seal")

    def local_tsa_credential(self) -> EventCredential:
        """Credential of the local timestamp authority used when no TSA_URL is configured."""
        return self._long_lived("local-tsa", LOCAL_TSA_CN, eku=[ExtendedKeyUsageOID.TIME_STAMPING], use_rsa=True)

    def rehearsal_credential(self) -> EventCredential:
        """The platform's signing credential for rehearsals: CN "Signstage 彩排 (rehearsal)", OU 彩排."""
        return self._long_lived("rehearsal-platform", REHEARSAL_PLATFORM_CN, unit=REHEARSAL_UNIT)

    def signing_for(self, rehearsal: bool) -> "PlatformCA | RehearsalSigning":
        """What signs a meeting's PDFs: this CA, or for a rehearsal its rehearsal identity."""
        return RehearsalSigning(self) if rehearsal else self


class RehearsalSigning:
    """The platform CA as a rehearsal's PDFs are signed with it: every certificate it hands out is a rehearsal's.

    It answers what the signing code asks of a PlatformCA (event certificates, the platform's credential, the
    local TSA, the trust roots), so a rehearsal goes through the very same signing path as a contract.
    """

    def __init__(self, ca: PlatformCA):
        self.ca = ca

    def issue_event_certificate(self, name: str, organisation: str, *, days: float = 3) -> EventCredential:
        """A signer's event certificate marked as a rehearsal's (OU 彩排)."""
        return self.ca.issue_event_certificate(name, organisation, days=days, rehearsal=True)

    def platform_credential(self) -> EventCredential:
        """The rehearsal's platform credential in place of the platform's own."""
        return self.ca.rehearsal_credential()

    def local_tsa_credential(self) -> EventCredential:
        """The platform's local TSA: a timestamp says when, not what the document is."""
        return self.ca.local_tsa_credential()

    @property
    def root_pem(self) -> bytes:
        """The platform's root: rehearsal certificates chain to it too."""
        return self.ca.root_pem

    @property
    def trust_roots(self) -> list:
        """The platform's trust anchors."""
        return self.ca.trust_roots


def is_rehearsal_subject(subject: dict) -> bool:
    """Whether a certificate subject (asn1crypto's `.native` form) is a rehearsal's."""
    unit = subject.get("organizational_unit_name")
    return REHEARSAL_UNIT in (unit if isinstance(unit, list) else [unit])
