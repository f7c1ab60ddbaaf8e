import datetime as dt
import os
import stat

from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key, pkcs12
from cryptography.x509.oid import NameOID

from backend.lib.pdf.ca import PlatformCA


def test_generated_once_keys_private(tmp_path):
    ca = PlatformCA.load_or_create(str(tmp_path / "ca"))
    for key in ("root.key", "issuing.key"):
        assert stat.S_IMODE(os.stat(tmp_path / "ca" / key).st_mode) == 0o600
    again = PlatformCA.load_or_create(str(tmp_path / "ca"))
    assert again.root_pem == ca.root_pem


def test_event_certificate(tmp_path):
    ca = PlatformCA.load_or_create(str(tmp_path / "ca"))
    a = ca.issue_event_certificate("张三", "北京星河科技有限公司")
    b = ca.issue_event_certificate("张三", "北京星河科技有限公司")
    assert a.serial != b.serial
    cert = x509.load_pem_x509_certificate(a.cert_pem)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "张三"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "北京星河科技有限公司"
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment and not ku.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.not_valid_after_utc - cert.not_valid_before_utc < dt.timedelta(days=4)
    assert cert.issuer == x509.load_pem_x509_certificate(a.chain_pem[0]).subject
    assert ca.issued_certificate(a.serial) == a.cert_pem
    assert ca.issued_certificate(a.serial_hex) == a.cert_pem
    assert ca.issued_certificate("deadbeef") is None
    assert ca.issued_certificate("../root") is None


def test_configured_pem_and_pkcs12(tmp_path):
    base = PlatformCA.load_or_create(str(tmp_path / "gen"))
    d = tmp_path / "gen"
    from_pem = PlatformCA.from_pem_files(str(tmp_path / "reg1"), cert_path=str(d / "issuing.pem"),
                                         key_path=str(d / "issuing.key"), chain_paths=[str(d / "root.pem")])
    assert from_pem.root_pem == base.root_pem
    cred = from_pem.issue_event_certificate("李四", "上海")
    assert x509.load_pem_x509_certificate(cred.cert_pem).issuer == base.issuing_cert.subject

    key = load_pem_private_key((d / "issuing.key").read_bytes(), None)
    root = x509.load_pem_x509_certificate((d / "root.pem").read_bytes())
    p12 = pkcs12.serialize_key_and_certificates(b"ca", key, base.issuing_cert, [root], BestAvailableEncryption(b"pw"))
    (tmp_path / "ca.p12").write_bytes(p12)
    from_p12 = PlatformCA.from_pkcs12(str(tmp_path / "reg2"), str(tmp_path / "ca.p12"), b"pw")
    assert from_p12.root_pem == base.root_pem


def test_long_lived_credentials_are_read_from_the_records_once(tmp_path):
    from backend.lib.pdf.ca_records import DirectoryRecords

    class Counting(DirectoryRecords):
        reads = 0

        def credential(self, stem):
            Counting.reads += 1
            return super().credential(stem)

    PlatformCA.load_or_create(str(tmp_path / "ca"))  # generates the CA's files
    base = PlatformCA.load_or_create(str(tmp_path / "ca"))
    ca = PlatformCA(Counting(str(tmp_path / "rec")), base.issuing_cert, base._issuing_key, base.chain)
    first = ca.platform_credential()
    for _ in range(5):
        assert ca.platform_credential() == first
    assert Counting.reads == 1  # the store (S3: a round trip) is asked once per process
    ca.records.forget_credential("platform")  # a renewal through the CA's records is seen at once
    assert ca.platform_credential().cert_pem != first.cert_pem
    fresh = PlatformCA(Counting(str(tmp_path / "rec")), base.issuing_cert, base._issuing_key, base.chain)
    assert fresh.platform_credential().cert_pem == ca.platform_credential().cert_pem
