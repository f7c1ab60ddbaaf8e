"""Tencent's template rules as we apply them, and the fake server's own checks (signature, shape)."""
import json
import re
import time

import pytest
import requests

from backend.lib.sms.backends import SmsConfigError, SmsError, SmsRejected, make_backend
from backend.lib.sms.templates import (
    KINDS,
    NAMES,
    PARAMS,
    TEMPLATES,
    VIDEO_KINDS,
    TemplateParamError,
    console_template,
    positional,
    render,
    template_name,
    video_kind,
)
from backend.lib.sms.tencent import classify, e164
from dev.fake_tencent_sms import tc3

SIGNER = {"name": "欧阳娜娜", "enterprise": "华东智能制造股份有限公司", "meeting": "华东智能2026年度供应链合作签约",
          "starts": "11月25日 14:00", "ends": "15:00", "link": "https://x/h5/s/abc", "link_code": "Ab3dE9xQ",
          "short_link": "https://x/l/Ab3dE9xQ"}


def test_every_kind_has_a_text_and_a_positional_order_that_the_text_uses():
    base = {"activation", "otp", "meeting_signer", "meeting_host", "meeting_observer", "meeting_changed",
            "meeting_cancelled", "reminder", "reminder_host", "completed", "counterparty_invited"}
    assert set(KINDS) == base | {f"{k}_video" for k in VIDEO_KINDS} and set(VIDEO_KINDS) < base
    assert set(NAMES) == set(KINDS) | {f"{k}@en" for k in KINDS}
    for language, table in TEMPLATES.items():
        assert set(table) == set(KINDS)
        for kind in KINDS:
            name = template_name(kind, language)
            body = console_template(name, "https://sign.example.com")
            assert [f"{{{i + 1}}}" in body for i in range(len(PARAMS[kind]))] == [True] * len(PARAMS[kind])
            assert "【" not in body and "[Signstage]" not in body  # Tencent adds the signature itself
            assert ("link_code" in PARAMS[kind]) == ("{short_link}" in table[kind])
            assert ("video_code" in PARAMS[kind]) == ("{video_link}" in table[kind]) == kind.endswith("_video")
    assert console_template("activation", "https://sign.example.com").endswith("https://sign.example.com/l/{2}")
    # The video link's fixed part is in the text too, after a space when it follows another link.
    assert console_template("meeting_host_video", "https://sign.example.com").endswith(
        "共享屏幕：https://sign.example.com/l/{5} 视频会议：https://sign.example.com/l/{6}")
    assert console_template("meeting_host_video@en", "https://sign.example.com").endswith(
        "share your screen: https://sign.example.com/l/{5} Video meeting: https://sign.example.com/l/{6}")
    assert video_kind("meeting_observer", True) == "meeting_observer_video"
    assert video_kind("meeting_observer", False) == "meeting_observer"
    assert video_kind("meeting_cancelled", True) == "meeting_cancelled"  # nothing to join any more


def test_english_texts_are_english_and_name_the_zone_like_the_chinese_ones():
    cjk = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
    for kind in KINDS:
        english, chinese = TEMPLATES["en"][kind], TEMPLATES["zh"][kind]
        assert english.startswith("[Signstage]") and chinese.startswith("【Signstage】")
        assert not cjk.search(english), kind
        assert ("{starts}" in english) == ("(Beijing time)" in english)
        assert ("{starts}" in chinese) == ("北京时间{starts}" in chinese)
    assert template_name("reminder", "en") == "reminder@en" and template_name("reminder", "zh") == "reminder"
    assert template_name("reminder", "fr") == "reminder"  # a language without texts: the source's
    assert render("otp@en", {"code": "123456"}) == ("[Signstage] Your verification code is 123456, "
                                                    "valid for 5 minutes. Do not share it with anyone.")
    # Both languages take the same parameters in the same order: one TemplateParamSet, either template.
    assert positional("meeting_signer@en", SIGNER) == positional("meeting_signer", SIGNER)
    for bad in ("meeting_signer@fr", "meeting_signer@zh", "meeting_signer@", "nonsense@en"):
        with pytest.raises(TemplateParamError):
            positional(bad, SIGNER)


def test_long_values_are_cut_to_twelve_characters_and_codes_must_be_digits():
    values = positional("meeting_signer", SIGNER)
    assert values == ["欧阳娜娜", "华东智能制造股份有限公司", "华东智能2026年度供…", "11月25日 14:00", "15:00", "Ab3dE9xQ"]
    assert all(len(v) <= 12 for v in values)
    assert positional("meeting_signer", SIGNER, max_length=0)[2] == SIGNER["meeting"]  # enterprise accounts
    assert positional("otp", {"code": "012345"}) == ["012345"]
    for bad in ("12a456", "1234567", "١٢٣"):
        with pytest.raises(TemplateParamError):
            positional("otp", {"code": bad})
    with pytest.raises(TemplateParamError):
        positional("meeting_signer", {**SIGNER, "link_code": "https://evil.example/x"})
    with pytest.raises(TemplateParamError):
        positional("meeting_host", {"name": "x"})


def test_phone_numbers_go_in_e164():
    assert e164("13800138000") == "+8613800138000"
    assert e164("+85291234567") == "+85291234567" and e164("0085291234567") == "+85291234567"


def test_tencent_codes_map_to_retry_fail_or_configuration():
    assert type(classify("LimitExceeded.PhoneNumberDailyLimit", "")) is SmsError
    assert classify("LimitExceeded.PhoneNumberThirtySecondLimit", "").retry_after == 30
    assert type(classify("InternalError.Timeout", "")) is SmsError and type(classify("RequestLimitExceeded", "")) is SmsError
    for code in ("FailedOperation.TemplateIncorrectOrUnapproved", "InvalidParameterValue.IncorrectPhoneNumber",
                 "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber"):
        assert type(classify(code, "")) is SmsRejected
    for code in ("AuthFailure.SignatureFailure", "AuthFailure.SecretIdNotFound"):
        error = classify(code, "")
        assert isinstance(error, SmsConfigError) and "TENCENT_SMS_SECRET_ID" in error.message


def _backend(fake, **overrides):
    s = {**fake.settings(), **overrides}
    return make_backend("tencent", "", {"secret_id": s["TENCENT_SMS_SECRET_ID"], "secret_key": s["TENCENT_SMS_SECRET_KEY"],
                                        "sdk_app_id": s["TENCENT_SMS_SDK_APP_ID"], "sign_name": s["TENCENT_SMS_SIGN_NAME"],
                                        "templates": s["TENCENT_SMS_TEMPLATES"], "endpoint": s["TENCENT_SMS_ENDPOINT"]})


def test_the_fake_checks_the_signature_independently_of_the_sdk(fake_tencent):
    body = json.dumps({"SmsSdkAppId": fake_tencent.state.sdk_app_id, "SignName": "Signstage",
                       "TemplateId": fake_tencent.templates["otp"], "TemplateParamSet": ["123456"],
                       "PhoneNumberSet": ["+8613800138000"]}).encode()
    host = fake_tencent.endpoint.removeprefix("http://")
    now = int(time.time())
    headers = {"Content-Type": "application/json", "Host": host, "X-TC-Action": "SendSms", "X-TC-Version": "2021-01-11",
               "X-TC-Timestamp": str(now), "X-TC-Region": "ap-guangzhou"}
    canonical = tc3.canonical_request("POST", "/", "", {"content-type": "application/json", "host": host},
                                      ["content-type", "host"], body)
    sig = tc3.signature("fake-secret-key", now, "sms", canonical)
    date = time.strftime("%Y-%m-%d", time.gmtime(now))
    auth = f"TC3-HMAC-SHA256 Credential=AKIDfake/{date}/sms/tc3_request, SignedHeaders=content-type;host, Signature={sig}"
    ok = requests.post(fake_tencent.endpoint + "/", data=body, headers={**headers, "Authorization": auth}).json()
    assert ok["Response"]["SendStatusSet"][0]["Code"] == "Ok"
    tampered = requests.post(fake_tencent.endpoint + "/", data=body.replace(b"123456", b"654321"),
                             headers={**headers, "Authorization": auth}).json()
    assert tampered["Response"]["Error"]["Code"] == "AuthFailure.SignatureFailure"
    old = requests.post(fake_tencent.endpoint + "/", data=body,
                        headers={**headers, "X-TC-Timestamp": str(now - 600), "Authorization": auth}).json()
    assert old["Response"]["Error"]["Code"] == "AuthFailure.SignatureExpire"
    unsigned = requests.post(fake_tencent.endpoint + "/", data=body, headers=headers).json()
    assert unsigned["Response"]["Error"]["Code"].startswith("AuthFailure")


def test_the_fake_refuses_what_tencent_refuses(fake_tencent):
    sms = _backend(fake_tencent)
    with pytest.raises(SmsRejected, match="TemplateParamSetNotMatchApprovedTemplate"):
        # A template id of another kind: the parameter count does not match.
        _backend(fake_tencent, TENCENT_SMS_TEMPLATES={"otp": fake_tencent.templates["meeting_signer"]}).send(
            "13800138000", "otp", {"code": "123456"}, "x", "n1")
    with pytest.raises(SmsConfigError, match="SignatureIncorrectOrUnapproved"):
        _backend(fake_tencent, TENCENT_SMS_SIGN_NAME="Unknown").send("13800138000", "otp", {"code": "1"}, "x", "n1")
    with pytest.raises(SmsRejected, match="IncorrectPhoneNumber"):
        sms.send("+86abc", "otp", {"code": "1"}, "x", "n1")
    long_values = _backend(fake_tencent)
    long_values.param_max_length = 0  # as if the account allowed it: the fake still holds the 12-character rule
    with pytest.raises(SmsRejected, match="TemplateParameterLengthLimit"):
        long_values.send("13800138000", "meeting_signer", SIGNER, "x", "n1")
    assert sms.send("13800138000", "meeting_signer", SIGNER, "x", "n2").provider_id
    assert [r.signature_ok for r in fake_tencent.received] == [True] * 5


def test_the_control_api_injects_faults_from_another_process(fake_tencent):
    requests.post(fake_tencent.endpoint + "/__fake__/fail", json={"code": "LimitExceeded.PhoneNumberDailyLimit",
                                                                  "per_number": True})
    with pytest.raises(SmsError, match="PhoneNumberDailyLimit"):
        _backend(fake_tencent).send("13800138000", "otp", {"code": "1"}, "x", "n1")
    record = requests.get(fake_tencent.endpoint + "/__fake__/requests").json()
    assert record[0]["statuses"][0]["Code"] == "LimitExceeded.PhoneNumberDailyLimit"
    requests.post(fake_tencent.endpoint + "/__fake__/reset")
    assert fake_tencent.received == []


def test_an_unknown_short_link_is_a_404(client):
    assert client.get("/l/Zz9Zz9Zz").status_code == 404
    res = client.get("/l/Zz9Zz9Zz", headers={"Accept": "application/json"})
    assert res.status_code == 404 and res.get_json()["error"]["code"] == "not_found"
    assert client.get("/l/" + "x" * 300).status_code == 404


def test_numbers_outside_the_mainland_go_with_the_international_template(fake_tencent):
    sms = _backend(fake_tencent)
    assert sms.send("+85291234567", "otp", {"code": "123456"}, "x", "n1").provider_id
    assert sms.send("+86 138 0013 8000", "otp", {"code": "123456"}, "x", "n2").provider_id
    hk, mainland = fake_tencent.received
    assert hk.body["PhoneNumberSet"] == ["+85291234567"] and hk.body["TemplateId"] == fake_tencent.templates["otp@intl"]
    assert mainland.body["PhoneNumberSet"] == ["+8613800138000"] and mainland.body["TemplateId"] == fake_tencent.templates["otp"]


def test_an_international_number_without_its_template_is_a_configuration_error(fake_tencent):
    mainland_only = {k: v for k, v in fake_tencent.templates.items() if "@" not in k}
    with pytest.raises(SmsConfigError, match="otp@intl"):
        _backend(fake_tencent, TENCENT_SMS_TEMPLATES=mainland_only).send("+4915123456789", "otp", {"code": "1"}, "x", "n1")
    assert fake_tencent.received == []
    # A mainland template named for the international kind: the fake refuses it, as Tencent does.
    wrong_region = {**mainland_only, "otp@intl": fake_tencent.templates["otp"]}
    with pytest.raises(SmsRejected, match="TemplateIncorrectOrUnapproved"):
        _backend(fake_tencent, TENCENT_SMS_TEMPLATES=wrong_region).send("+4915123456789", "otp", {"code": "1"}, "x", "n1")


def test_the_file_backend_records_the_number_in_e164_too(tmp_path):
    path = tmp_path / "sms.jsonl"
    backend = make_backend("file", str(path))
    backend.send("13800138000", "otp", {"code": "1"}, "x")
    backend.send("+85291234567", "otp", {"code": "1"}, "x")
    sent = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(m["to"], m["e164"]) for m in sent] == [("13800138000", "+8613800138000"), ("+85291234567", "+85291234567")]
