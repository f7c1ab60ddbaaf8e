"""The API answers in the request's language, one language per message; the error code never changes."""
import io
import re
from datetime import timedelta

from tests.support import iso

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
EN, ZH = {"Accept-Language": "en"}, {"Accept-Language": "zh-CN"}


def _texts(error: dict) -> list[str]:
    """The message and every field message of an error body."""
    found = [error["message"]]

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            found.append(value)
    walk(error.get("fields", {}))
    return found


def _english(error: dict) -> bool:
    return all(text and not CJK.search(text) for text in _texts(error))


def _chinese(error: dict) -> bool:
    """The message is Chinese, and none of it is an English half glued on."""
    return bool(CJK.search(error["message"])) and not re.search(r"\([a-z ]+\)$", error["message"])


def _both(send):
    """The error body sent twice, under English and under Chinese."""
    en, zh = send(EN), send(ZH)
    assert en.status_code == zh.status_code
    return en.get_json()["error"], zh.get_json()["error"]


def test_not_found_in_english_and_chinese(client):
    en, zh = _both(lambda h: client.get("/api/nothing-here", headers=h))
    assert en["code"] == zh["code"] == "not_found"
    assert _english(en) and en["message"] == "Not found"
    assert _chinese(zh) and zh["message"] == "资源不存在"


def test_without_a_header_the_answer_is_chinese_and_lang_chooses_english(client):
    plain = client.get("/api/nothing-here").get_json()["error"]
    assert plain["message"] == "资源不存在"
    chosen = client.get("/api/nothing-here?lang=en", headers=ZH).get_json()["error"]
    assert chosen["code"] == plain["code"] and chosen["message"] == "Not found"


def test_malformed_json_in_english(client):
    en, zh = _both(lambda h: client.post("/api/auth/login", data="{not json", content_type="application/json",
                                         headers=h))
    assert en["code"] == zh["code"] == "malformed_json"
    assert _english(en) and _chinese(zh)


def test_marshmallow_field_messages_follow_the_language(ceremony):
    c = ceremony()
    en, zh = _both(lambda h: c.api.post("/api/meetings", json={"name": "", "starts_at": "tomorrow"}, headers=h))
    assert en["code"] == zh["code"] == "validation_error"
    assert set(en["fields"]) == set(zh["fields"]) >= {"name", "starts_at", "ends_at"}
    assert _english(en) and en["fields"]["ends_at"] == ["Missing data for required field."]
    assert _chinese(zh) and zh["fields"]["ends_at"] == ["缺少必填字段"]
    assert CJK.search(zh["fields"]["starts_at"][0]) and CJK.search(zh["fields"]["name"][0])


def test_a_service_rule_names_its_field_in_the_language(ceremony):
    c = ceremony()
    past = {"name": "签约", "starts_at": iso(-timedelta(hours=1)), "ends_at": iso(timedelta(hours=1))}
    en, zh = _both(lambda h: c.api.post("/api/meetings", json=past, headers=h))
    assert en["code"] == zh["code"] == "validation_error"
    assert en["fields"]["starts_at"] == ["The start must be in the future"] and _english(en)
    assert zh["fields"]["starts_at"] == ["开始时间必须晚于现在"] and _chinese(zh)


def test_a_domain_conflict_in_english(make_enterprise):
    e = make_enterprise()
    official = {"generate": True, "name": "公章", "kind": "official"}
    assert e.admin.post("/api/seals", json=official).status_code == 201
    en, zh = _both(lambda h: e.admin.post("/api/seals", json=official, headers=h))
    assert en["code"] == zh["code"] == "official_seal_exists"
    assert _english(en) and _chinese(zh)


def test_a_library_refusal_is_translated_with_its_code(ceremony):
    c = ceremony()

    def upload(headers):
        return c.api.post(f"/api/meetings/{c.meeting['id']}/documents", headers=headers,
                          data={"file": (io.BytesIO(b"not a pdf at all"), "合同.pdf")},
                          content_type="multipart/form-data")
    en, zh = _both(upload)
    assert en["code"] == zh["code"] == "not_a_pdf"
    assert _english(en) and _chinese(zh)
    assert en["fields"]["file"] == [en["message"]]


def test_a_message_with_a_placeholder_keeps_its_value_in_both_languages(ceremony):
    c = ceremony()
    en, zh = _both(lambda h: c.api.post(f"/api/meetings/{c.meeting['id']}/book", headers=h))
    assert en["code"] == zh["code"] == "booking_incomplete"
    assert _english(en) and _chinese(zh)
    assert [p["code"] for p in en["problems"]] == [p["code"] for p in zh["problems"]]
    en_lines = [p["message"] for p in en["problems"] if p["code"] == "signer_without_controls"]
    zh_lines = [p["message"] for p in zh["problems"] if p["code"] == "signer_without_controls"]
    assert en_lines[0] == "Signer “签署人0” has no controls"  # the name stays as it is: user data
    assert zh_lines[0] == "签署人「签署人0」没有签署控件"


def test_an_error_reads_as_plain_text_so_pages_escape_the_names_in_it(app):
    from flask_babel import lazy_gettext
    from markupsafe import escape

    from backend.core.errors import ValidationFailed
    message = lazy_gettext("签署人「%(name)s」没有签署控件", name="<script>")
    error = ValidationFailed(message, fields={"name": [message]})
    assert error.message == "签署人「<script>」没有签署控件"
    assert "&lt;script&gt;" in escape(error.message) and "&lt;script&gt;" in escape(error.fields["name"][0])


def test_a_reason_stored_as_a_msgid_is_shown_in_the_readers_language(app):
    from backend.services.outbox import UNKNOWN_REASON
    from backend.web.api.formats import StoredMessage
    with app.test_request_context("/api/meetings", headers=EN):
        shown = StoredMessage().serialize("last_error", {"last_error": UNKNOWN_REASON})
        provider = StoredMessage().serialize("last_error", {"last_error": "FailedOperation.PhoneNumberInBlacklist"})
    assert shown.startswith("The sender stopped mid-send") and provider == "FailedOperation.PhoneNumberInBlacklist"
