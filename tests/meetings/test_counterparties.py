"""The counterparty names its own signers: the organizer invites an approved enterprise, that
enterprise's admin picks signers from its registry, and the organizer never sees their ID numbers
or phones (only masks), nor their names in full."""
import re
from datetime import timedelta

import pytest

from backend.core.extensions import db
from backend.models import Control, Counterparty, Enterprise, Meeting, Participant
from backend.services import jobs
from tests.support import Api, Signer, add_document_with_controls, iso, make_pdf


class Recording(Api):
    """An organizer's Api that keeps every answer it received."""

    def __init__(self, api: Api):
        super().__init__(api.client, api.token)
        self.answers = []

    def _keep(self, res):
        self.answers.append(res.get_data(as_text=True))
        return res

    def get(self, url, **kw):
        return self._keep(super().get(url, **kw))

    def post(self, url, json=None, **kw):
        return self._keep(super().post(url, json=json, **kw))

    def put(self, url, json=None, **kw):
        return self._keep(super().put(url, json=json, **kw))

    def patch(self, url, json=None, **kw):
        return self._keep(super().patch(url, json=json, **kw))

    def delete(self, url, **kw):
        return self._keep(super().delete(url, **kw))


@pytest.fixture
def draft(make_enterprise, make_employee):
    """An organizer enterprise with a host and a signer picked from its registry, and a draft meeting."""
    class Draft:
        pass

    d = Draft()
    d.org, d.other = make_enterprise("华东智能制造有限公司"), make_enterprise("星海新能源科技有限公司")
    d.host_emp, d.own_emp = make_employee(d.org, "周主持"), make_employee(d.org, "李明")
    d.api = Recording(d.org.organizer)
    d.meeting = d.api.post("/api/meetings", json={"name": "战略合作签约仪式", "starts_at": iso(timedelta(minutes=10)),
                                                  "ends_at": iso(timedelta(hours=2))}).get_json()
    d.mid = d.meeting["id"]
    for role, emp in (("host", d.host_emp), ("signer", d.own_emp)):
        res = d.api.post(f"/api/meetings/{d.mid}/participants/from-registry", json={"role": role, "employee_id": emp["id"]})
        assert res.status_code == 201, res.get_json()
    return d


def _invite(d, enterprise):
    res = d.api.post(f"/api/meetings/{d.mid}/counterparties", json={"enterprise_id": enterprise.id})
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def test_search_shows_only_what_an_organizer_may_see(draft, make_enterprise):
    make_enterprise("星海物流有限公司", approved=False)
    found = draft.api.get("/api/enterprises/search?q=星海").get_json()
    assert [e["name"] for e in found] == ["星海新能源科技有限公司", "星海物流有限公司"]  # approved first
    assert [e["signing_approved"] for e in found] == [True, False]
    assert set(found[0]) == {"id", "name", "credit_code_masked", "signing_approved"}
    other = db.session.get(Enterprise, draft.other.id)
    assert found[0]["credit_code_masked"] == other.credit_code[:2] + "*" * 12 + other.credit_code[-4:]
    by_code = draft.api.get(f"/api/enterprises/search?q={other.credit_code.lower()}").get_json()
    assert [e["id"] for e in by_code] == [other.id]
    assert draft.api.get("/api/enterprises/search?q=华东").get_json() == []  # never your own
    assert draft.api.get("/api/enterprises/search?q=星").status_code == 422
    assert draft.api.get("/api/enterprises/search?q=%25%25").get_json() == []  # a wildcard is a character


def test_invitation_texts_the_contact_and_gives_the_admin_a_task(draft, sms_messages, client):
    invited = _invite(draft, draft.other)
    assert invited["status"] == "waiting" and invited["signers"] == 0
    assert invited["enterprise_name"] == draft.other.name
    sms = [m for m in sms_messages() if m["template"] == "counterparty_invited"]
    assert len(sms) == 1 and sms[0]["to"] == "13700000000"  # the contact who applied for strategic signing
    assert sms[0]["params"]["enterprise"] == draft.org.name and sms[0]["params"]["meeting"] == "战略合作签约仪式"
    short = re.search(r"/l/([0-9A-Za-z]{8})", sms[0]["text"]).group(1)
    follow = client.get(f"/l/{short}")
    assert follow.status_code == 302 and follow.headers["Location"].endswith(f"/admin/invitations/{invited['id']}")
    meeting = draft.api.get(f"/api/meetings/{draft.mid}").get_json()
    assert meeting["counterparties"][0]["id"] == invited["id"]
    assert [n["template"] for n in meeting["notifications"]] == ["counterparty_invited"]
    assert meeting["notifications"][0]["to_masked"] == "137****0000"

    tasks = draft.other.admin.get("/api/counterparty-invitations").get_json()
    assert [t["id"] for t in tasks] == [invited["id"]]
    assert tasks[0]["meeting"]["organizer"] == draft.org.name and tasks[0]["editable"] is True
    assert tasks[0]["participants"] == []
    # Nobody else's: the organizer enterprise's admin, the invited enterprise's organizer.
    assert draft.org.admin.get(f"/api/counterparty-invitations/{invited['id']}").status_code == 404
    assert draft.other.organizer.get("/api/counterparty-invitations").status_code == 403


def test_who_can_be_invited(draft, make_enterprise):
    pending = make_enterprise(approved=False)
    cases = [({"enterprise_id": draft.org.id}, 422, "own_enterprise"),
             ({"enterprise_id": pending.id}, 409, "enterprise_not_approved"),
             ({"enterprise_id": "nope"}, 404, "not_found")]
    for body, status, code in cases:
        res = draft.api.post(f"/api/meetings/{draft.mid}/counterparties", json=body)
        assert (res.status_code, res.get_json()["error"]["code"]) == (status, code)
    _invite(draft, draft.other)
    again = draft.api.post(f"/api/meetings/{draft.mid}/counterparties", json={"enterprise_id": draft.other.id})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_invited")
    assert Counterparty.query.count() == 1
    # Another enterprise's organizer cannot see or touch this meeting's counterparties.
    assert draft.other.organizer.get(f"/api/meetings/{draft.mid}/counterparties").status_code == 404


def test_booking_waits_for_every_counterparty(draft):
    _invite(draft, draft.other)
    add_document_with_controls(_as_ceremony(draft), make_pdf())
    check = draft.api.get(f"/api/meetings/{draft.mid}/check").get_json()
    pending = [p for p in check["problems"] if p["code"] == "counterparty_pending"]
    assert [p["enterprise"] for p in pending] == [draft.other.name] and "尚未指定签署人" in pending[0]["message"]
    res = draft.api.post(f"/api/meetings/{draft.mid}/book")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "booking_incomplete"
    assert "counterparty_pending" in [p["code"] for p in res.get_json()["error"]["problems"]]
    assert Meeting.query.one().booked_at is None


def _as_ceremony(d):
    """What tests.support.add_document_with_controls needs: api, meeting and signers."""
    class C:
        pass
    c = C()
    c.api, c.meeting = d.api, d.meeting
    c.signers = [p for p in d.api.get(f"/api/meetings/{d.mid}").get_json()["participants"] if p["role"] == "signer"]
    return c


def test_the_counterparty_names_two_signers_who_sign_and_the_organizer_sees_only_masks(
        app, draft, make_employee, sms_messages):
    other = draft.other
    staff = [make_employee(other, "王芳"), make_employee(other, "赵强"), make_employee(other, "孙七"),
             make_employee(other, "钱八")]
    seal = other.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    own_seal = draft.org.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    draft.org.admin.post(f"/api/seals/{own_seal['id']}/grants", json={"employee_id": draft.own_emp["id"]})
    invited = _invite(draft, other)

    # The counterparty's admin finds two of its employees in its registry and names them.
    admin = other.admin
    task = admin.get(f"/api/counterparty-invitations/{invited['id']}").get_json()
    assert task["status"] == "waiting"
    named = []
    for emp in staff[:2]:
        hit = admin.get(f"/api/employees?q={emp['name']}").get_json()["items"]
        assert [h["id"] for h in hit] == [emp["id"]]
        admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"]})
        res = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                         json={"role": "signer", "employee_id": emp["id"]})
        assert res.status_code == 201, res.get_json()
        assert res.get_json()["name"] == emp["name"] and res.get_json()["match_status"] == "matched"
        named.append(res.get_json())
    observer = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                          json={"role": "observer", "employee_id": staff[2]["id"]})
    assert observer.status_code == 201
    assert db.session.get(Participant, observer.get_json()["id"]).id_number_enc is None  # a guest's ID is not needed
    task = admin.get(f"/api/counterparty-invitations/{invited['id']}").get_json()
    assert task["status"] == "named" and [p["role"] for p in task["participants"]] == ["signer", "signer", "observer"]

    # The organizer sees them matched, masked, and cannot change them.
    meeting = draft.api.get(f"/api/meetings/{draft.mid}").get_json()
    theirs = [p for p in meeting["participants"] if p["counterparty_id"] == invited["id"]]
    assert [p["name"] for p in theirs] == ["王*", "赵*", "孙*"]
    assert [p["match_status"] for p in theirs] == ["matched", "matched", "guest"]
    assert all(p["enterprise_name"] == other.name for p in theirs)
    assert meeting["counterparties"][0]["status"] == "named" and meeting["counterparties"][0]["signers"] == 2
    for method in ("patch", "delete"):
        kw = {"json": {"name": "改名"}} if method == "patch" else {}
        res = getattr(draft.api, method)(f"/api/meetings/{draft.mid}/participants/{theirs[0]['id']}", **kw)
        assert (res.status_code, res.get_json()["error"]["code"]) == (409, "named_by_counterparty")

    # Controls, layout, check and booking: everyone is told.
    doc = add_document_with_controls(_as_ceremony(draft), make_pdf())
    assert draft.api.get(f"/api/meetings/{draft.mid}/layout").status_code == 200
    assert draft.api.get(f"/api/meetings/{draft.mid}/check").get_json()["problems"] == []
    res = draft.api.post(f"/api/meetings/{draft.mid}/book")
    assert res.status_code == 200, res.get_json()
    booked_sms = {m["to"]: m["template"] for m in sms_messages() if m["template"].startswith("meeting_")}
    assert booked_sms[staff[0]["phone"]] == booked_sms[staff[1]["phone"]] == "meeting_signer"
    assert booked_sms[staff[2]["phone"]] == "meeting_observer"
    assert admin.get(f"/api/counterparty-invitations/{invited['id']}").get_json()["editable"] is False
    late = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                      json={"role": "signer", "employee_id": staff[2]["id"]})
    assert (late.status_code, late.get_json()["error"]["code"]) == (409, "meeting_frozen")
    guest = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                       json={"role": "observer", "employee_id": staff[3]["id"]})
    assert guest.status_code == 201  # guests until the start, and they are told at once
    assert [m["template"] for m in sms_messages() if m["to"] == staff[3]["phone"]] == ["meeting_observer"]
    assert admin.delete(f"/api/counterparty-invitations/{invited['id']}/participants/{guest.get_json()['id']}"
                        ).status_code == 409

    # Every signer verifies and signs, the counterparty's two with the registry's identity.
    signers = [(draft.own_emp, next(p for p in meeting["participants"] if p["name"] == "李明"))]
    signers += [(emp, p) for emp, p in zip(staff[:2], theirs[:2])]
    for emp, p in signers:
        phone = Signer(app.test_client(), emp, db.session.get(Participant, p["id"]).scene_token, sms_messages).login()
        assert phone.verify_by_sms().status_code == 200
        assert phone.sign().status_code == 200
    jobs.run_pending()
    assert Meeting.query.one().status == "completed"

    # Every answer the organizer got about the meeting, and the contract's own pages.
    for path in ("", "/check", "/layout", "/counterparties"):
        draft.api.get(f"/api/meetings/{draft.mid}{path}")
    draft.api.get("/api/meetings")
    draft.api.get(f"/api/documents/{doc['id']}/controls")
    for path in ("", f"/{draft.mid}", f"/{draft.mid}/audit"):
        assert draft.api.get(f"/api/contracts{path}").status_code == 200
    assert len(draft.api.answers) > 20
    everything = "\n".join(draft.api.answers)
    for emp in staff:
        for secret in (emp["id_number"], emp["phone"], emp["phone"][3:], emp["id_number"][6:14]):
            assert secret not in everything, secret
    meeting_answers = "\n".join(a for a in draft.api.answers if '"participants"' in a and '"counterparties"' in a)
    assert all(emp["name"] not in meeting_answers for emp in staff)
    # The counterparty sees the contract among its own.
    assert draft.mid in {m["meeting_id"] if "meeting_id" in m else m["id"]
                         for m in _items(admin.get("/api/contracts").get_json())}


def _items(body):
    return body["items"] if isinstance(body, dict) else body


def test_the_counterparty_names_only_its_own_active_employees(draft, make_employee, make_enterprise):
    invited = _invite(draft, draft.other)
    url = f"/api/counterparty-invitations/{invited['id']}/participants"
    stranger = make_employee(make_enterprise(), "外人")
    mine = make_employee(draft.other, "王芳")
    gone = make_employee(draft.other, "离职")
    draft.other.admin.patch(f"/api/employees/{gone['id']}", json={"status": "disabled"})
    admin = draft.other.admin
    assert admin.post(url, json={"role": "signer", "employee_id": stranger["id"]}).status_code == 404
    assert admin.post(url, json={"role": "signer", "employee_id": draft.own_emp["id"]}).status_code == 404
    res = admin.post(url, json={"role": "signer", "employee_id": gone["id"]})
    assert (res.status_code, res.get_json()["error"]["code"]) == (409, "employee_disabled")
    assert admin.post(url, json={"role": "host", "employee_id": mine["id"]}).status_code == 422
    assert admin.post(url, json={"role": "signer", "employee_id": mine["id"]}).status_code == 201
    res = admin.post(url, json={"role": "signer", "employee_id": mine["id"]})
    assert (res.status_code, res.get_json()["error"]["code"]) == (409, "already_participant")
    # The organizer cannot name people for the counterparty.
    assert draft.api.post(url, json={"role": "signer", "employee_id": mine["id"]}).status_code == 403


def test_withdrawals_take_the_named_people_and_their_controls(draft, make_employee):
    invited = _invite(draft, draft.other)
    emp = make_employee(draft.other, "王芳")
    admin = draft.other.admin
    named = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                       json={"role": "signer", "employee_id": emp["id"]}).get_json()
    add_document_with_controls(_as_ceremony(draft), make_pdf())
    assert Control.query.filter_by(participant_id=named["id"]).count() == 3
    assert admin.delete(f"/api/counterparty-invitations/{invited['id']}/participants/{named['id']}").status_code == 204
    assert db.session.get(Participant, named["id"]) is None and Control.query.filter_by(participant_id=named["id"]).count() == 0
    again = admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                       json={"role": "signer", "employee_id": emp["id"]}).get_json()
    assert draft.api.delete(f"/api/meetings/{draft.mid}/counterparties/{invited['id']}").status_code == 204
    assert db.session.get(Participant, again["id"]) is None and Counterparty.query.count() == 0
    assert admin.get(f"/api/counterparty-invitations/{invited['id']}").status_code == 404
    assert admin.get("/api/counterparty-invitations").get_json() == []


def test_own_participants_are_picked_from_the_registry(draft, make_employee, make_enterprise):
    body = draft.api.get(f"/api/meetings/{draft.mid}").get_json()
    host, signer = body["participants"]
    assert (host["role"], host["name"], host["match_status"]) == ("host", "周主持", "matched")
    assert (signer["enterprise_name"], signer["match_status"], signer["counterparty_id"]) == (draft.org.name, "matched", None)
    assert signer["id_number_masked"] == draft.own_emp["id_number_masked"]
    url = f"/api/meetings/{draft.mid}/participants/from-registry"
    res = draft.api.post(url, json={"role": "signer", "employee_id": draft.own_emp["id"]})
    assert (res.status_code, res.get_json()["error"]["code"]) == (409, "already_participant")
    foreign = make_employee(draft.other, "王芳")
    assert draft.api.post(url, json={"role": "signer", "employee_id": foreign["id"]}).status_code == 404
    assert draft.api.post(url, json={"role": "guest", "employee_id": foreign["id"]}).status_code == 422
    guest = make_employee(draft.org, "陈嘉宾")
    assert draft.api.post(url, json={"role": "observer", "employee_id": guest["id"]}).status_code == 201


@pytest.mark.parametrize("case", ["enterprise_unregistered", "enterprise_not_approved", "person_unmatched"])
def test_typed_mismatches_say_which_part_is_wrong_and_nothing_more(draft, make_employee, make_enterprise, case):
    pending = make_enterprise("未开通有限公司", approved=False)
    real = make_employee(pending if case == "enterprise_not_approved" else draft.other, "王芳")
    typed = {"role": "signer", "name": "王芳", "id_number": real["id_number"], "phone": real["phone"],
             "enterprise_name": {"enterprise_unregistered": "星海新能源有限公司", "enterprise_not_approved": pending.name,
                                 "person_unmatched": draft.other.name}[case]}
    if case == "person_unmatched":
        typed["phone"] = "139" + real["phone"][3:]
    res = draft.api.post(f"/api/meetings/{draft.mid}/participants", json=typed)
    assert res.status_code == 201
    assert (res.get_json()["match_status"], res.get_json()["match_problem"]) == ("unmatched", case)
    problem = next(p for p in draft.api.get(f"/api/meetings/{draft.mid}/check").get_json()["problems"]
                   if p["code"] == "signer_unmatched")
    assert problem["reason"] == case
    expected = {"enterprise_unregistered": "未找到名为", "enterprise_not_approved": "尚未开通战略签约",
                "person_unmatched": "登记的员工信息不一致"}[case]
    assert expected in problem["message"]
    for word in ("手机", "phone", "身份证", "ID number", "姓名"):
        assert word not in problem["message"]


def test_a_stale_nominee_shows_unmatched(draft, make_employee):
    invited = _invite(draft, draft.other)
    emp = make_employee(draft.other, "王芳")
    named = draft.other.admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                                   json={"role": "signer", "employee_id": emp["id"]}).get_json()
    draft.other.admin.patch(f"/api/employees/{emp['id']}", json={"phone": "13955556666"})
    shown = {p["id"]: p for p in draft.api.get(f"/api/meetings/{draft.mid}").get_json()["participants"]}[named["id"]]
    assert (shown["match_status"], shown["match_problem"]) == ("unmatched", "person_unmatched")


def test_a_cancelled_meeting_takes_no_more_names(draft, make_employee):
    invited = _invite(draft, draft.other)
    emp = make_employee(draft.other, "王芳")
    assert draft.api.post(f"/api/meetings/{draft.mid}/cancel").status_code == 200
    res = draft.other.admin.post(f"/api/counterparty-invitations/{invited['id']}/participants",
                                 json={"role": "signer", "employee_id": emp["id"]})
    assert (res.status_code, res.get_json()["error"]["code"]) == (409, "meeting_over")
    task = draft.other.admin.get(f"/api/counterparty-invitations/{invited['id']}").get_json()
    assert task["editable"] is False and task["meeting"]["status"] == "cancelled"
    res = draft.api.post(f"/api/meetings/{draft.mid}/counterparties", json={"enterprise_id": draft.other.id})
    assert (res.status_code, res.get_json()["error"]["code"]) == (409, "meeting_over")


def test_a_clone_invites_the_counterparty_again_without_its_nominees(draft, make_employee, sms_messages):
    invited = _invite(draft, draft.other)
    mine = make_employee(draft.other, "王芳")
    url = f"/api/counterparty-invitations/{invited['id']}/participants"
    assert draft.other.admin.post(url, json={"role": "signer", "employee_id": mine["id"]}).status_code == 201
    res = draft.api.post(f"/api/meetings/{draft.mid}/clone",
                         json={"starts_at": iso(timedelta(days=1)), "ends_at": iso(timedelta(days=1, hours=2))})
    assert res.status_code == 201, res.get_json()
    clone = draft.api.get(f"/api/meetings/{res.get_json()['id']}").get_json()
    # The counterparty names its people for the new meeting itself; the organizer's own people are copied.
    assert [c["enterprise_id"] for c in clone["counterparties"]] == [draft.other.id]
    assert all(c["status"] == "waiting" for c in clone["counterparties"])
    assert sorted(p["role"] for p in clone["participants"]) == ["host", "signer"]
    assert all(not p.get("counterparty_id") for p in clone["participants"])
