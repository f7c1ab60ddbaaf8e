from datetime import timedelta

from backend.core.extensions import db
from backend.models import ApiToken
from tests.support import Api


def test_login_returns_token_and_user(operator, client):
    res = client.post("/api/auth/login", json={"username": "op", "password": "password-123"})
    body = res.get_json()
    assert res.status_code == 200
    assert body["user"]["role"] == "operator" and body["token"]


def test_wrong_password_is_401_without_saying_which_field(operator, client):
    res = client.post("/api/auth/login", json={"username": "op", "password": "nope-nope"})
    assert res.status_code == 401
    assert "fields" not in res.get_json()["error"]


def test_logout_revokes_the_token(operator):
    assert operator.get("/api/auth/me").status_code == 200
    assert operator.post("/api/auth/logout").status_code == 204
    assert operator.get("/api/auth/me").status_code == 401


def test_expired_token_is_refused(operator):
    row = ApiToken.query.one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    assert operator.get("/api/auth/me").get_json()["error"]["code"] == "invalid_token"


def test_foreign_token_is_refused(client):
    assert Api(client, "made-up").get("/api/auth/me").status_code == 401


def test_create_operator_command(app):
    result = app.test_cli_runner().invoke(args=["create-operator", "root2", "long-password"])
    assert "created" in result.output
