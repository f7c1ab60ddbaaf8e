"""Every /api error is the contract's JSON, never HTML, never a 500."""


def test_unknown_api_path_is_json_404(client):
    res = client.get("/api/nothing-here")
    assert res.status_code == 404
    assert res.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(client):
    res = client.delete("/api/auth/login")
    assert res.status_code == 405
    assert res.get_json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_is_400(client):
    res = client.post("/api/auth/login", data="{not json", content_type="application/json")
    assert res.status_code == 400
    assert res.get_json()["error"]["code"] == "malformed_json"


def test_wrong_type_names_the_field(client):
    res = client.post("/api/auth/login", json={"username": 42, "password": "x"})
    assert res.status_code == 422
    assert "username" in res.get_json()["error"]["fields"]


def test_huge_body_is_413(app, client):
    res = client.post("/api/auth/login", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                      content_type="application/json")
    assert res.status_code == 413
    assert res.get_json()["error"]["code"] == "too_large"


def test_missing_token_is_401(client):
    res = client.get("/api/employees")
    assert res.status_code == 401
    assert res.get_json()["error"]["code"] == "not_signed_in"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_openapi_lists_registry_endpoints(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ["/api/auth/login", "/api/enterprises", "/api/enterprises/{enterprise_id}/strategic-signing",
                 "/api/enterprises/{enterprise_id}/strategic-signing/decision", "/api/users", "/api/employees",
                 "/api/employees/import", "/api/seals", "/api/seals/{seal_id}/grants",
                 "/api/meetings", "/api/meetings/{meeting_id}", "/api/meetings/{meeting_id}/participants",
                 "/api/meetings/{meeting_id}/documents", "/api/documents/{document_id}/pages/{page}.png",
                 "/api/documents/{document_id}/controls", "/api/meetings/{meeting_id}/layout",
                 "/api/meetings/{meeting_id}/book", "/api/meetings/{meeting_id}/cancel",
                 "/api/signer/login", "/api/signer/scenes/{scene}", "/api/signer/scenes/{scene}/sms",
                 "/api/signer/scenes/{scene}/verify", "/api/signer/scenes/{scene}/seals",
                 "/api/signer/scenes/{scene}/documents", "/api/signer/scenes/{scene}/sign",
                 "/api/signer/scenes/{scene}/decline", "/api/contracts", "/api/contracts/{meeting_id}/pdf",
                 "/api/contracts/{meeting_id}/audit", "/api/verify"]:
        assert path in spec["paths"], path


def test_openapi_describes_every_route_but_pages_and_assets(app, client):
    """Every JSON route (and the images and event stream beside them) is in the spec."""
    import re
    documented = set(client.get("/api/openapi.json").get_json()["paths"])
    pages = ("static", "admin.", "h5.", "verify_page.", "screen.static", "api-docs.")
    routes = {re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if not rule.endpoint.startswith(pages)}
    routes = {re.sub(r"<any\([^)]*\):(\w+)>", r"{\1}", r) for r in routes}
    assert routes - documented == set()
    assert {"/screen/{token}/state", "/screen/{token}/layout", "/screen/{token}/events", "/healthz"} <= documented
