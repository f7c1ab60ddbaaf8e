"""Fixtures for verification under load: big genuine contracts, a PDF built to be slow, a live server."""
import threading

import pytest

SIGNATURES = 100


@pytest.fixture(scope="session")
def app_ca(_app):
    """The platform CA of the test app (the one /api/verify trusts: generated, or PLATFORM_CA_FILE's)."""
    from backend.core.resources import platform_ca

    with _app.app_context():
        return platform_ca()


@pytest.fixture(scope="session")
def small_seal_png():
    from backend.lib.imaging.seal import generate_seal_png

    return generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract", size_px=200)


@pytest.fixture(scope="session")
def hundred_signatures(app_ca, small_seal_png) -> bytes:
    """A one-page contract sealed by 100 signers one after another, with the project's own signing code."""
    from backend.lib.pdf.controls import ControlSpec
    from backend.lib.pdf.prepare import prepare_pdf
    from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
    from tests.pdf import pdf_factory

    cols, rows = 10, SIGNATURES // 10
    controls = [ControlSpec(f"seal_{i}", 1, 0.01 + (i % cols) * 0.098, 0.01 + (i // cols) * 0.98 / rows, 0.09,
                            0.9 * 0.98 / rows, "seal") for i in range(SIGNATURES)]
    pdf = prepare_pdf(pdf_factory.contract(1), controls)
    for i in range(SIGNATURES):
        pdf = sign_fields(pdf, SignerIdentity(f"签署人{i}", f"第{i}有限公司"), [FieldValue(f"seal_{i}", "seal", small_seal_png)],
                          app_ca)
    return pdf


@pytest.fixture(scope="session")
def slow_hostile_pdf(app_ca, small_seal_png) -> bytes:
    """One genuine signature, then 240 form-filling revisions over 1500 fields (see hostile_pdfs.slow_to_verify)."""
    from tests.pdf.hostile_pdfs import slow_to_verify

    return slow_to_verify(app_ca, small_seal_png)


@pytest.fixture(scope="session")
def live_server(_app):
    """The session app on a threaded local HTTP server; yields its base URL (request `app` too for a clean database).

    On SQLite a transaction of the test's own session holds the write lock: commit or remove
    `db.session` before the server is asked to write.
    """
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="verify-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def completed(booked):
    """A booked meeting every signer has signed, with the worker's jobs run: the contract is complete."""
    from backend.services import jobs

    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()
    return c
