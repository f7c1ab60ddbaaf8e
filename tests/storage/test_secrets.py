"""Secrets that are not files on one disk: SECRET_KEY_FILE, the platform CA from a file, and the multi-node refusal."""
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key, pkcs12

from backend.core.config import ConfigurationError, load_config
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.errors import CaUnavailable


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("SECRET_KEY", "SECRET_KEY_FILE", "STORAGE_URL", "MULTI_NODE", "PLATFORM_CA_FILE",
                 "PLATFORM_CA_PASSWORD", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def _app(tmp_path, **config):
    from backend.app import create_app
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "RUN_WORKER": False,
                       "SECRET_KEY": "k" * 32, **config})


@pytest.mark.parametrize("multi", [{"STORAGE_URL": "s3://bucket/prefix"}, {"MULTI_NODE": "1"}])
def test_a_generated_key_is_refused_on_several_machines_with_what_to_set(clean_env, tmp_path, platform_ca_pem, multi):
    with pytest.raises(ConfigurationError) as err:
        load_config({"DATA_DIR": str(tmp_path), "PLATFORM_CA_FILE": str(platform_ca_pem), **multi})
    assert "set SECRET_KEY, or SECRET_KEY_FILE" in str(err.value) and "every node" in str(err.value)
    assert not (tmp_path / "secret_key").exists()  # nothing generated that a restart would then trust


@pytest.mark.parametrize("multi", [{"STORAGE_URL": "s3://bucket/prefix"}, {"MULTI_NODE": "yes"}])
def test_a_generated_ca_is_refused_on_several_machines_with_what_to_set(clean_env, tmp_path, multi):
    with pytest.raises(ConfigurationError) as err:
        load_config({"DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 32, **multi})
    assert "set PLATFORM_CA_FILE" in str(err.value) and "PLATFORM_CA_PASSWORD" in str(err.value)


def test_one_machine_still_generates_its_key_once(clean_env, tmp_path):
    first = load_config({"DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    assert first and load_config({"DATA_DIR": str(tmp_path)})["SECRET_KEY"] == first
    # an S3 store on one declared machine is allowed to keep generating (MULTI_NODE=0 wins)
    assert load_config({"DATA_DIR": str(tmp_path), "STORAGE_URL": "s3://b/p", "MULTI_NODE": "0"})["SECRET_KEY"] == first


def test_secret_key_from_a_mounted_file(clean_env, tmp_path, platform_ca_pem):
    (tmp_path / "key").write_text("from-the-secret-file\n")
    cfg = load_config({"DATA_DIR": str(tmp_path), "SECRET_KEY_FILE": str(tmp_path / "key"), "MULTI_NODE": "1",
                       "PLATFORM_CA_FILE": str(platform_ca_pem)})
    assert cfg["SECRET_KEY"] == "from-the-secret-file" and not (tmp_path / "secret_key").exists()
    for bad, says in ((tmp_path / "missing", "cannot read SECRET_KEY_FILE"), (tmp_path / "empty", "is empty")):
        if bad.name == "empty":
            bad.write_text("\n")
        with pytest.raises(ConfigurationError, match=says):
            load_config({"DATA_DIR": str(tmp_path), "SECRET_KEY_FILE": str(bad)})


def _ca_parts(platform_ca_pem):
    folder = platform_ca_pem.parent
    key = load_pem_private_key((folder / "issuing.key").read_bytes(), None)
    return key, x509.load_pem_x509_certificate((folder / "issuing.pem").read_bytes()), \
        x509.load_pem_x509_certificate((folder / "root.pem").read_bytes())


def test_pem_and_pkcs12_ca_files_load_and_issue_under_the_same_root(tmp_path, platform_ca_pem):
    key, issuing, root = _ca_parts(platform_ca_pem)
    p12 = tmp_path / "ca.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"ca", key, issuing, [root], BestAvailableEncryption(b"pw")))
    encrypted_pem = tmp_path / "encrypted.pem"  # key encrypted, certificates first, root before issuing
    encrypted_pem.write_bytes((platform_ca_pem.parent / "root.pem").read_bytes()
                              + (platform_ca_pem.parent / "issuing.pem").read_bytes()
                              + key.private_bytes(*_pkcs8(b"pw")))
    for path, password in ((platform_ca_pem, None), (p12, "pw"), (encrypted_pem, "pw")):
        secret = {"PLATFORM_CA_PASSWORD": password} if password else {}
        app = _app(tmp_path / f"node-{path.stem}", PLATFORM_CA_FILE=str(path), **secret)
        with app.app_context():
            from backend.core.resources import platform_ca
            ca = platform_ca()
            assert ca.root_pem == (platform_ca_pem.parent / "root.pem").read_bytes()
            assert [c.subject for c in ca.chain] == [issuing.subject, root.subject]
            cred = ca.issue_event_certificate("李四", "上海")
            assert x509.load_pem_x509_certificate(cred.cert_pem).issuer == issuing.subject
            assert ca.issued_certificate(cred.serial) == cred.cert_pem  # kept in the store, not DATA_DIR/ca
        assert not (tmp_path / f"node-{path.stem}" / "data" / "ca").exists()


def _pkcs8(password):
    from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat
    return Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(password)


def test_a_wrong_ca_password_or_file_stops_startup_with_what_to_set(tmp_path, platform_ca_pem):
    key, issuing, root = _ca_parts(platform_ca_pem)
    p12 = tmp_path / "ca.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"ca", key, issuing, [root], BestAvailableEncryption(b"pw")))
    with pytest.raises(ConfigurationError, match="PLATFORM_CA_PASSWORD"):
        _app(tmp_path / "a", PLATFORM_CA_FILE=str(p12), PLATFORM_CA_PASSWORD="wrong")
    with pytest.raises(ConfigurationError, match="cannot read PLATFORM_CA_FILE"):
        _app(tmp_path / "b", PLATFORM_CA_FILE=str(tmp_path / "nothing.pem"))
    only_cert = tmp_path / "cert-only.pem"
    only_cert.write_bytes((platform_ca_pem.parent / "issuing.pem").read_bytes())
    with pytest.raises(ConfigurationError, match="exactly one private key"):
        _app(tmp_path / "c", PLATFORM_CA_FILE=str(only_cert))


def test_a_leaf_certificate_is_not_accepted_as_the_ca(tmp_path, platform_ca_pem):
    ca = PlatformCA.from_material(str(tmp_path / "rec"), platform_ca_pem.read_bytes())
    leaf = ca.issue_event_certificate("张三", "北京")
    with pytest.raises(CaUnavailable, match="not a CA certificate"):
        PlatformCA.from_material(str(tmp_path / "rec2"), leaf.key_pem + leaf.cert_pem)


def test_the_registry_only_answers_certificates_this_ca_signed(tmp_path, platform_ca_pem):
    ca = PlatformCA.from_material(str(tmp_path / "rec"), platform_ca_pem.read_bytes())
    other = PlatformCA.load_or_create(str(tmp_path / "other"))
    forged = other.issue_event_certificate("Signstage Platform Seal", "Signstage Platform")
    ca.records.record_issued(forged.serial_hex, forged.cert_pem)  # someone who can write the store
    assert ca.issued_certificate(forged.serial_hex) is None
    mine = ca.platform_credential()
    assert ca.issued_certificate(mine.serial_hex) == mine.cert_pem
