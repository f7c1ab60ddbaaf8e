"""Fixtures for the admin pages: a browser-like client that signs in through the form."""
import re

import pytest

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Pages:
    """The Flask test client used like a browser: forms carry the page's CSRF token."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def get(self, url, **kw):
        res = self.client.get(url, **kw)
        if (match := _TOKEN.search(res.get_data(as_text=True))):
            self.token = match.group(1)
        return res

    def post(self, url, data=None, *, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/admin/login")
            data.setdefault("csrf_token", self.token)
        return self.client.post(url, data=data, **kw)

    def sign_in(self, username, password="password-123"):
        self.client.post("/admin/logout", data={"csrf_token": self.token or ""})
        with self.client.session_transaction() as session:
            session.clear()
        self.get("/admin/login")
        res = self.post("/admin/login", {"username": username, "password": password})
        assert res.status_code == 302, res.get_data(as_text=True)
        self.get(res.headers["Location"], follow_redirects=True)
        return self

    def sign_in_as(self, made, role="admin"):
        """Sign in as the admin or organizer of an enterprise made by make_enterprise."""
        from backend.models import AdminUser
        user = AdminUser.query.filter_by(enterprise_id=made.id, role=role).first()
        return self.sign_in(user.username)


@pytest.fixture
def pages(app):
    """A fresh cookie-carrying client for the admin pages (separate from the API fixtures' client)."""
    return Pages(app.test_client())


def text_of(res) -> str:
    """The response body as text."""
    return res.get_data(as_text=True)
