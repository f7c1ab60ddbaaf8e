"""Helpers for tests: valid identity numbers and a JSON API client."""
import itertools

from backend.identity.credit_code import check_character as credit_check
from backend.identity.resident_id import check_character as id_check

_counter = itertools.count(1)


def make_id_number(n: int | None = None, birth: str = "19900101") -> str:
    """A valid 18-character resident ID number, unique per call."""
    n = next(_counter) if n is None else n
    first17 = f"110101{birth}{n % 1000:03d}"
    return first17 + id_check(first17)


def make_phone(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    return f"138{n:08d}"[-11:]


def make_credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    first17 = f"9111010{n:010d}"[:17]
    return first17 + credit_check(first17)


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client, self.token = client, token

    def _headers(self, extra=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, json=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, json=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)


def login(client, username, password="password-123") -> Api:
    res = client.post("/api/auth/login", json={"username": username, "password": password})
    assert res.status_code == 200, res.get_json()
    return Api(client, res.get_json()["token"])


