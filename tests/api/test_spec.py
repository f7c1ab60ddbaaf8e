"""The published spec tells the truth: the error body the app sends, every success body and media
type, the rules the app enforces, Allow on 405, and deleted things that stop serving."""
import re

import pytest

from tests.support import make_credit_code, make_id_number


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                yield method, path, item[method]


def _resolve(spec, node):
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = spec["components"][kind][name]
    return node


def test_every_error_response_is_the_body_the_app_sends(spec, client):
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert spec["components"]["schemas"]["ErrorOut"]["required"] == ["error"]
    assert set(detail["required"]) == {"code", "message"} and detail["additionalProperties"] is True
    for method, path, op in _operations(spec):
        assert "default" not in op["responses"], (method, path)
        for status, response in op["responses"].items():
            response = _resolve(spec, response)
            if int(status) >= 400 and "application/json" in response.get("content", {}) and path != "/readyz":
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, \
                    (method, path, status)
    body = client.get("/api/employees").get_json()  # a real 401
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])


def test_every_operation_declares_its_success_body_and_media_type(spec):
    for method, path, op in _operations(spec):
        success = {s: _resolve(spec, r) for s, r in op["responses"].items() if s.startswith("2")}
        if path == "/l/{code}":
            assert "302" in op["responses"]  # a redirect: it has no body of its own
            continue
        assert success, (method, path)
        for status, response in success.items():
            if status != "204":
                assert response.get("content"), (method, path, status)
    media = {path: set(_resolve(spec, item["get"]["responses"]["200"])["content"])
             for path, item in spec["paths"].items() if "get" in item and "200" in item["get"]["responses"]}
    assert media["/api/contracts/{meeting_id}/pdf"] == {"application/pdf"}
    assert media["/api/contracts/{meeting_id}/audit.pdf"] == {"application/pdf"}
    assert media["/api/contracts/{meeting_id}/evidence.zip"] == {"application/zip"}
    assert media["/api/meetings/export.csv"] == media["/api/contracts/export.csv"] == {"text/csv"}
    assert media["/api/seals/{seal_id}/image.png"] == {"image/png"}
    assert media["/api/documents/{document_id}/pages/{page}.png"] == {"image/png"}
    for path in ("/api/documents/{document_id}/pages/{page}", "/api/signer/scenes/{scene}/documents/{document_id}/pages/{page}",
                 "/screen/{token}/pages/{document_id}/{page}"):
        assert media[path + ".png"] == {"image/png"} and media[path + ".jpg"] == {"image/jpeg"}
        for ext in ("png", "jpg"):
            operation = spec["paths"][f"{path}.{ext}"]["get"]
            assert "304" in operation["responses"] and "content" not in _resolve(spec, operation["responses"]["304"])
            assert {"v", "width", "If-None-Match"} <= {p["name"] for p in operation["parameters"]}
    assert media["/api/meetings/{meeting_id}/layout/assets/{key}"] == {"image/png", "image/jpeg"}
    assert media["/screen/{token}"] == {"text/html"}
    assert media["/screen/{token}/events"] == {"text/event-stream"}
    sent = _resolve(spec, spec["paths"]["/api/signer/scenes/{scene}/sms"]["post"]["responses"]["202"])
    assert sent["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SentOut"}


def test_the_rules_the_app_enforces_are_in_the_schemas(spec):
    schemas = spec["components"]["schemas"]
    employee = schemas["EmployeeIn"]["properties"]
    assert re.fullmatch(employee["phone"]["pattern"], "+86 138-1234-5678")
    assert not re.fullmatch(employee["phone"]["pattern"], "1381234567")
    assert re.fullmatch(employee["phone"]["pattern"], "+852 9123 4567")  # E.164 outside the mainland
    assert employee["id_number"]["format"] == "identity-document-number"
    assert re.fullmatch(employee["id_number"]["pattern"], make_id_number())
    assert re.fullmatch(employee["id_number"]["pattern"], "1234567890(B)")
    assert employee["id_type"]["enum"] == ["resident_id", "hk_mo_permit", "tw_permit", "residence_permit", "passport"]
    assert re.fullmatch(employee["id_country"]["pattern"], "DE")
    assert employee["name"]["maxLength"] == 50 and employee["name"]["minLength"] == 1
    credit = schemas["EnterpriseIn"]["properties"]["credit_code"]
    assert credit["format"] == "cn-credit-code" and re.fullmatch(credit["pattern"], make_credit_code())
    meeting = schemas["MeetingIn"]["properties"]
    assert meeting["starts_at"]["format"] == meeting["ends_at"]["format"] == "date-time"
    video = meeting["video_url"]
    assert video["maxLength"] == 500 and re.fullmatch(video["pattern"], "https://meeting.tencent.com/dm/AbC123")
    assert not re.search(video["pattern"], "http://meeting.tencent.com/dm/AbC123")
    assert "after starts_at" in meeting["ends_at"]["description"] and meeting["name"]["maxLength"] == 60
    control = schemas["ControlIn"]["properties"]
    assert control["x"]["minimum"] == 0 and control["x"]["maximum"] == 1 and control["w"]["minimum"] == 0.02
    assert schemas["ParticipantIn"]["properties"]["role"]["enum"] == ["host", "signer", "observer"]
    # The control-character rule is published for every input string, path parameters included.
    assert "\\x00" in schemas["DeclineIn"]["properties"]["reason"]["pattern"]
    param = spec["paths"]["/api/employees/{employee_id}"]["parameters"][0]
    assert "\\x00" in param["schema"]["pattern"]


def test_the_schemas_rules_are_the_apps(make_enterprise):
    e = make_enterprise()
    ok = e.admin.post("/api/employees", json={"name": "张三", "id_number": make_id_number(), "phone": "+86 138-1234-5678"})
    assert ok.status_code == 201 and ok.get_json()["phone_masked"] == "138****5678"
    bad = e.admin.post("/api/employees", json={"name": "李四", "id_number": make_id_number()[:-1] + "Q",
                                               "phone": "1381234567"})
    assert bad.status_code == 422 and {"id_number", "phone"} <= set(bad.get_json()["error"]["fields"])
    blank = e.admin.post("/api/employees", json={"name": "   ", "id_number": make_id_number(), "phone": "13812345679"})
    assert blank.status_code == 422 and "name" in blank.get_json()["error"]["fields"]
    # A number as a string is not a number, and "yes" is not true.
    res = e.admin.post("/api/seals", json={"generate": "yes", "name": "章", "kind": "contract"})
    assert res.status_code == 422 and "generate" in res.get_json()["error"]["fields"]


@pytest.mark.parametrize("method, path, allowed", [
    ("delete", "/api/auth/login", {"POST"}),
    ("put", "/healthz", {"GET"}),
    ("post", "/api/seals/x/image.png", {"GET"}),
])
def test_405_says_which_methods_are_allowed(client, method, path, allowed):
    res = getattr(client, method)(path)
    assert res.status_code == 405 and res.get_json()["error"]["code"] == "method_not_allowed"
    assert allowed <= {m.strip() for m in res.headers["Allow"].split(",")}


def test_a_retired_seal_stops_serving(make_enterprise, make_employee):
    e = make_enterprise()
    seal = e.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    emp = make_employee(e)
    assert e.admin.get(seal["image_url"]).status_code == 200
    assert e.admin.delete(f"/api/seals/{seal['id']}").status_code == 204
    assert e.admin.get(seal["image_url"]).status_code == 404
    assert e.admin.get(f"/api/seals/{seal['id']}").status_code == 404
    assert e.admin.get(f"/api/seals/{seal['id']}/grants").status_code == 404
    assert e.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"]}).status_code == 404
    assert e.admin.delete(f"/api/seals/{seal['id']}").status_code == 404
    assert seal["id"] not in {s["id"] for s in e.admin.get("/api/seals").get_json()}


def test_every_reference_in_the_spec_resolves(spec):
    import json
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(spec)))
    for ref in refs:
        kind, name = ref.split("/")[-2:]
        assert ref.startswith("#/components/") and name in spec["components"][kind], ref
