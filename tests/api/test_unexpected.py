"""A bug still answers JSON and leaves a traceback in the log."""
import logging


def test_unhandled_exception_is_logged_and_answered_as_json(app, client, caplog, monkeypatch):
    from backend.services import accounts

    def boom(*_a, **_k):
        raise KeyError("boom")

    monkeypatch.setattr(accounts, "authenticate", boom)
    with caplog.at_level(logging.ERROR, logger="signstage.web"):
        res = client.post("/api/auth/login", json={"username": "a", "password": "b"})
    assert res.status_code == 500 and res.get_json()["error"]["code"] == "internal_error"
    assert "KeyError" in caplog.text
