"""The sender on its own: https to a checked address with the name's SNI and certificate check, no redirects."""
import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from backend.lib.webhooks import sender


def _certificate(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(tmp_path):
    """An HTTPS server on 127.0.0.1 with a certificate for hooks.test; keeps the SNI and Host it was sent."""
    cert, key = _certificate(tmp_path, "hooks.test")
    seen = {"sni": [], "hosts": [], "answer": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["hosts"].append(self.headers["Host"])
            self.send_response(seen["answer"])
            if seen["answer"] == 302:
                self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, cert, seen
    server.shutdown()
    server.server_close()


def test_https_goes_to_the_checked_address_under_the_urls_name(tls_receiver, dns):
    port, cert, seen = tls_receiver
    dns.answers["hooks.test"] = ["127.0.0.1"]
    outcome = sender.post(f"https://hooks.test:{port}/in", "{}", {}, allow_private=True, ca_certs=cert)
    assert outcome.delivered and outcome.address == "127.0.0.1" and outcome.excerpt == "ok"
    assert seen["sni"] == ["hooks.test"] and seen["hosts"] == [f"hooks.test:{port}"]


def test_a_certificate_for_another_name_is_refused(tls_receiver, dns):
    port, cert, seen = tls_receiver
    dns.answers["other.test"] = ["127.0.0.1"]
    outcome = sender.post(f"https://other.test:{port}/in", "{}", {}, allow_private=True, ca_certs=cert)
    assert not outcome.delivered and outcome.status_code is None
    assert "certificate" in outcome.error.lower() or "hostname" in outcome.error.lower()
    assert seen["hosts"] == []  # nothing was posted


def test_a_redirect_is_not_followed(tls_receiver, dns):
    port, cert, seen = tls_receiver
    seen["answer"] = 302
    dns.answers["hooks.test"] = ["127.0.0.1"]
    outcome = sender.post(f"https://hooks.test:{port}/in", "{}", {}, allow_private=True, ca_certs=cert)
    assert outcome.status_code == 302 and not outcome.delivered and len(seen["hosts"]) == 1


def test_without_the_setting_nothing_private_is_reached(tls_receiver, dns):
    port, cert, seen = tls_receiver
    dns.answers["hooks.test"] = ["127.0.0.1"]
    outcome = sender.post(f"https://hooks.test:{port}/in", "{}", {}, allow_private=False, ca_certs=cert)
    assert outcome.address is None and "127.0.0.1" in outcome.error and seen["hosts"] == []


def test_an_unreachable_address_gives_way_to_the_next(tls_receiver, dns):
    port, cert, seen = tls_receiver
    dns.answers["hooks.test"] = ["::1", "127.0.0.1"] if _no_ipv6_listener(port) else ["127.0.0.1"]
    outcome = sender.post(f"https://hooks.test:{port}/in", "{}", {}, allow_private=True, ca_certs=cert, timeout=3)
    assert outcome.delivered and outcome.address == "127.0.0.1"


def _no_ipv6_listener(port: int) -> bool:
    import socket
    try:
        with socket.create_connection(("::1", port), timeout=1):
            return False
    except OSError:
        return True
