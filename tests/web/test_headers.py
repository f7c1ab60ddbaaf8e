"""Security headers: no framing, no sniffing, no referrer leaking a secret link; Secure cookies behind HTTPS."""
import pytest


@pytest.mark.parametrize("path", ["/admin/login", "/h5/s/AbCdEf0123456789", "/screen/AbCdEf0123456789abcd",
                                  "/verify", "/api/openapi.json", "/healthz", "/h5/activate/some-token"])
def test_every_page_and_answer_carries_the_security_headers(client, path):
    res = client.get(path)
    csp = res.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert res.headers["X-Frame-Options"] == "DENY"
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in res.headers  # plain http: HSTS would be ignored or wrong


def test_behind_https_cookies_are_secure_and_hsts_is_sent(app):
    from backend.app import create_app

    keys = ("DATA_DIR", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SMS_BACKEND", "SMS_FILE_PATH")
    secure = create_app({**{k: app.config[k] for k in keys}, "TESTING": True, "RUN_WORKER": False,
                         "PUBLIC_BASE_URL": "https://sign.example.com"})
    client = secure.test_client()
    res = client.get("/admin/login")
    assert res.headers["Strict-Transport-Security"].startswith("max-age=")
    cookies = res.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
    from backend.core.extensions import db
    with secure.app_context():
        db.engine.dispose()
