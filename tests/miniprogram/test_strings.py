"""GET /api/signer/strings: the mini-program's words from the server's catalogue, one source of truth."""
import json
import re

from backend.web.miniprogram_strings import MINIPROGRAM_STRINGS
from dev.miniprogram_strings import TARGET

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _bundled() -> dict:
    """The Chinese table the mini-program ships with (utils/strings_zh.js)."""
    source = TARGET.read_text(encoding="utf-8")
    return json.loads(source[source.index("{"):source.rindex("}") + 1])


def test_the_bundled_chinese_table_is_the_servers(client):
    res = client.get("/api/signer/strings?lang=zh")
    assert res.status_code == 200
    assert res.get_json() == {"language": "zh", "strings": _bundled()}, \
        "regenerate it: python -m dev.miniprogram_strings"


def test_english_has_every_word_translated_with_the_same_placeholders(client):
    res = client.get("/api/signer/strings?lang=en")
    body = res.get_json()
    zh = client.get("/api/signer/strings?lang=zh").get_json()["strings"]
    assert body["language"] == "en" and set(body["strings"]) == set(zh) == set(MINIPROGRAM_STRINGS)
    assert {k: v for k, v in body["strings"].items() if CJK.search(v)} == {}
    for key, words in body["strings"].items():
        assert set(PLACEHOLDER.findall(words)) == set(PLACEHOLDER.findall(zh[key])), key
    assert body["strings"]["step.verify"] == "Verify identity"  # the same words as H5's, by key


def test_public_and_cacheable_and_the_browser_language_by_default(client):
    res = client.get("/api/signer/strings", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert res.status_code == 200 and res.get_json()["language"] == "en"  # no token needed
    assert res.headers["Cache-Control"] == "public, max-age=3600"
    assert "Accept-Language" in res.headers["Vary"]
    assert client.get("/api/signer/strings").get_json()["language"] == "zh"


def test_an_unknown_language_is_a_clear_422(client):
    res = client.get("/api/signer/strings?lang=fr")
    assert res.status_code == 422
    error = res.get_json()["error"]
    assert error["code"] == "validation_error" and "lang" in error["fields"]


def test_in_the_openapi_spec_without_a_bearer(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/signer/strings"]["get"]
    assert operation["security"] == []
    assert any(p["name"] == "lang" and p["in"] == "query" for p in operation["parameters"])


def test_the_scene_names_the_participants_language(booked, client):
    from backend.core.extensions import db
    from backend.models import Participant

    c = booked()
    signer = c.signers[0]
    db.session.get(Participant, signer["id"]).language = "en"
    db.session.commit()
    token = client.post("/api/signer/login", json={"channel": "h5"}).get_json()["token"]
    scene = c.phones[0].scene
    res = client.get(f"/api/signer/scenes/{scene}", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200, res.get_json()
    assert res.get_json()["participant"]["language"] == "en"
