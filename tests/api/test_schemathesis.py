"""schemathesis against the live app: every operation of /api/openapi.json, with the examples the
spec gives and generated positive and negative cases, under schemathesis' default checks (server
errors, status codes, content types, response schemas and headers, positive data accepted, negative
data refused, auth not ignored), signed in as an admin and as an organizer of a booked ceremony each.

Undeclared methods (405 with Allow) belong to schemathesis' coverage phase, which this test does not
drive: tests/api/test_spec.py checks them.
"""
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup

from backend.lib.identity.credit_code import check_character as credit_check
from backend.lib.identity.resident_id import check_character as id_check

EXAMPLES = 6  # per operation, generation mode and identity: the whole run stays around a minute


def _resident_ids():
    """Valid ID numbers: a real region-like prefix, a birth date, a sequence, the check character."""
    first17 = st.builds(lambda d, n: f"110101{d:%Y%m%d}{n:03d}",
                        st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)), st.integers(0, 999))
    return first17.map(lambda f: f + id_check(f))


def _credit_codes():
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return st.text(alphabet, min_size=17, max_size=17).map(lambda f: f + credit_check(f))


schemathesis.openapi.format("cn-resident-id", _resident_ids())
schemathesis.openapi.format("cn-credit-code", _credit_codes())


@contextmanager
def serving(app):
    """The app on 127.0.0.1:<free port>, threaded, as a real HTTP server."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="schemathesis-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _order(operation) -> int:
    # Reads first, then writes, then what ends things: later operations still find the data alive.
    if operation.path == "/api/auth/logout":
        return 3  # revokes the token every other request uses
    if operation.method.upper() == "GET":
        return 0
    if operation.method.upper() == "DELETE" or operation.path.endswith(("/cancel", "/decline", "/sign")):
        return 2
    return 1


def _known_ids(c, activation_token: str) -> dict:
    """Real path parameters, so that generated requests reach past the 404s."""
    from backend.core.extensions import db
    from backend.models import Seal, SealGrant

    seal = Seal.query.filter_by(enterprise_id=c.org.id).first()
    grant = SealGrant.query.filter_by(seal_id=seal.id).first()
    ids = {"meeting_id": c.meeting["id"], "document_id": c.doc["id"], "participant_id": c.signers[0]["id"],
           "enterprise_id": c.org.id, "employee_id": c.staff[c.org.id][0]["id"], "seal_id": seal.id,
           "grant_id": grant.id, "scene": c.phones[0].scene, "page": 1,
           "screen_token": c.result_url.rstrip("/").rsplit("/", 1)[-1], "activation_token": activation_token}
    db.session.remove()
    return ids


def _path_ids(operation, ids: dict) -> dict:
    names = {p.name for p in operation.path_parameters}
    out = {name: ids[name] for name in names if name in ids}
    if "token" in names:
        out["token"] = ids["activation_token" if operation.path.startswith("/api/activation") else "screen_token"]
    return out


def _run(schema, base_url: str, token: str, signer_token: str, ids: dict, report: dict) -> None:
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)
    for operation in operations:
        path_ids = _path_ids(operation, ids)
        # The signer API takes a signer session's token, not an admin's.
        bearer = signer_token if operation.path.startswith("/api/signer/scenes") else token
        headers = {"Authorization": f"Bearer {bearer}"}
        label = f"{operation.method.upper()} {operation.path}"
        report["operations"].add(label)
        started = time.monotonic()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies = [operation.as_strategy(generation_mode=mode)]
            if path_ids:
                strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=path_ids))

            try:
                _probe(st.one_of(strategies), base_url, headers, label, report)
            except Unsatisfiable:
                report["no_negative"].add(label)  # nothing in it can be made invalid (no parameters, no body)
        report["time"][label] += time.monotonic() - started


def _probe(strategy, base_url: str, headers: dict, label: str, report: dict) -> None:
    """Send EXAMPLES generated cases and run schemathesis' default checks on each answer."""
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def probe(case):
        report["calls"] += 1
        response = None
        try:
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            report["statuses"][label][response.status_code] += 1
            case.validate_response(response, headers=headers, transport_kwargs={"base_url": base_url, "headers": headers})
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(report, label, failure, case, response)
        except Failure as failure:
            _record(report, label, failure, case, response)

    probe()


# Rules the app enforces that OpenAPI 3.0's JSON Schema cannot state: times relative to now or to each
# other, fields required by another field's value, file contents, secrets (codes, the registry's
# ID numbers), references to other records, uniqueness, deployment (WeChat off), dict keys
# (no propertyNames before OpenAPI 3.1), a document number's rule that depends on its id_type (and a
# passport's id_country), and whether an E.164 number is a real mobile number (libphonenumber's data).
# A schema-valid request refused (422) naming only these is the app doing its job; any other refusal
# of schema-valid data is a spec that lies.
BUSINESS_RULES = {
    "POST /api/meetings": {"starts_at", "ends_at"},
    "PATCH /api/meetings/{meeting_id}": {"starts_at", "ends_at"},
    "POST /api/meetings/{meeting_id}/clone": {"starts_at", "ends_at"},
    "POST /api/meetings/{meeting_id}/rehearsal": {"starts_at", "ends_at"},  # also: both times or neither
    "POST /api/meetings/{meeting_id}/reset": {"starts_at", "ends_at"},
    "POST /api/meetings/{meeting_id}/participants": {"enterprise_name", "id_number", "id_country", "phone", "duplicate",
                                                     "host_not_employee"},
    "PATCH /api/meetings/{meeting_id}/participants/{participant_id}": {"enterprise_name", "id_number", "id_country",
                                                                       "phone", "duplicate", "host_not_employee"},
    "POST /api/meetings/{meeting_id}/documents": {"file"},
    "POST /api/meetings/{meeting_id}/layout/{kind}": {"image"},
    "PUT /api/meetings/{meeting_id}/layout": {"background", "logos.", "seats.", "logo_positions."},
    "PUT /screen/{token}/layout": {"seats."},
    "PUT /api/documents/{document_id}/controls": {"0.", "1.", "2.", "3."},
    "POST /api/employees": {"duplicate", "id_number", "id_country", "phone"},
    "PATCH /api/employees/{employee_id}": {"phone"},
    "POST /api/enterprises/{enterprise_id}/strategic-signing": {"contact_phone"},
    "POST /api/employees/import": {"file"},
    "POST /api/enterprises": {"duplicate", "username_taken"},
    "POST /api/users": {"username_taken"},
    "POST /api/seals": {"image"},
    "POST /api/seals/{seal_id}/grants": {"expires_at"},
    "POST /api/verify": {"file"},
    "POST /api/signer/login": {"wechat_not_configured", "code"},
    "POST /api/signer/scenes/{scene}/verify": {"sms_code", "phone_code", "id_number", "verification_failed"},
    "POST /api/signer/scenes/{scene}/sign": {"signature_png", "signature_typed", "seals."},  # png or typed: one
    "POST /api/signer/scenes/{scene}/typed-signature": {"name"},  # the signer's own name
    "POST /api/activation/{token}/verify": {"wrong_code", "sms_code"},
}


def _business_rule(label: str, response) -> bool:
    """True when a 422 names only rules listed for the operation in BUSINESS_RULES."""
    allowed = BUSINESS_RULES.get(label, set())
    if response is None or response.status_code != 422 or not allowed:
        return False
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    names = set(error.get("fields") or {})
    if error.get("code") in allowed:
        return True
    return bool(names) and all(n in allowed or n.split(".", 1)[0] + "." in allowed for n in names)


def _record(report: dict, label: str, failure: Failure, case, response) -> None:
    kind = type(failure).__name__
    if kind == "RejectedPositiveData" and _business_rule(label, response):
        report["business"][label] += 1
        return
    report["failures"][kind] += 1
    if len(report["examples"][(label, kind)]) < 2:
        sent = {"path": case.path_parameters, "query": case.query, "body": case.body}
        answer = f"{response.status_code} {response.content[:300]!r}" if response is not None else ""
        report["examples"][(label, kind)].append(f"{failure.title}: {failure.message[:300]}\n      sent {str(sent)[:300]}"
                                                 f"\n      got {answer}")


def _world(booked, make_employee, sms_messages, who: str) -> tuple[str, str, dict]:
    """A booked ceremony of its own for one identity: its bearer token, a verified signer's, real ids."""
    c = booked(signers_per_enterprise=1)
    signer = c.phones[0].login()
    assert signer.verify_by_sms().status_code == 200
    invited = make_employee(c.org, "待激活", active=False)
    assert c.org.admin.post(f"/api/employees/{invited['id']}/invite").status_code == 200
    link = [m for m in sms_messages() if m["template"] == "activation"][-1]["params"]["link"]
    token = {"admin": c.org.admin.token, "organizer": c.api.token}[who]
    return token, signer.api.token, _known_ids(c, link.rsplit("/", 1)[-1])


def test_schemathesis_finds_no_server_errors_and_no_schema_violations(app, booked, make_employee, sms_messages,
                                                                      monkeypatch, capsys):
    from backend.core.extensions import db

    monkeypatch.setitem(app.config, "LIVE_STREAM_SECONDS", 0.5)  # the event stream ends at once, its events sent
    worlds = [_world(booked, make_employee, sms_messages, who) for who in ("admin", "organizer")]
    db.session.commit()
    db.session.remove()
    report = {"operations": set(), "no_negative": set(), "calls": 0, "statuses": defaultdict(Counter), "time": Counter(),
              "failures": Counter(), "business": Counter(), "examples": defaultdict(list)}
    with serving(app) as base_url:
        # Unknown query parameters are ignored, as the web expects (cache busters, trackers): no
        # operation declares them, and none is generated. Unknown JSON fields are refused.
        config = schemathesis.Config.from_dict({"generation": {"allow-extra-parameters": False}})
        schema = schemathesis.openapi.from_url(f"{base_url}/api/openapi.json", config=config)
        for token, signer_token, ids in worlds:
            _run(schema, base_url, token, signer_token, ids, report)
        db.session.remove()
    succeeded = {label for label, statuses in report["statuses"].items() if any(200 <= s < 300 for s in statuses)}
    summary = (f"schemathesis: {len(report['operations'])} operations ({len(succeeded)} answered 2xx at least once), "
               f"{report['calls']} cases (admin and organizer), failures by kind: {dict(report['failures']) or 'none'}; "
               f"schema-valid requests refused by a rule JSON Schema cannot state: {sum(report['business'].values())}")
    with capsys.disabled():
        print("\n" + summary)
        for label, spent in report["time"].most_common(3):
            print(f"    slowest: {spent:5.1f}s {label} {dict(report['statuses'][label])}")
    details = "\n".join(f"{label} [{kind}]\n    " + "\n    ".join(examples)
                        for (label, kind), examples in sorted(report["examples"].items()))
    assert not report["failures"], summary + "\n" + details
    assert len(report["operations"]) >= 70
    assert len(succeeded) >= 40, "the generated requests should reach past 401/404 on most operations"
