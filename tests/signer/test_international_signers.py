"""Signers without a mainland ID card and with phones outside the mainland, from registration to signature."""
from datetime import timedelta

from backend.core.extensions import db
from backend.models import Participant
from backend.services import jobs, outbox
from tests.support import Signer, add_document_with_controls, iso, make_pdf

HK_SIGNER = {"name": "陈大文", "id_type": "hk_mo_permit", "id_number": "H12345678", "phone": "+85291234567"}
PASSPORT_SIGNER = {"name": "Anna Schmidt", "id_type": "passport", "id_country": "DE", "id_number": "C01X00T47",
                   "phone": "+4915123456789"}


def _register_and_activate(enterprise, person, client, sms_messages) -> dict:
    res = enterprise.admin.post("/api/employees", json=person)
    assert res.status_code == 201, res.get_json()
    employee = res.get_json()
    assert employee["status"] == "invited"
    assert enterprise.admin.post(f"/api/employees/{employee['id']}/invite").status_code == 200
    invite = sms_messages()[-1]
    assert invite["template"] == "activation" and invite["e164"] == person["phone"]
    token = invite["params"]["link"].rsplit("/", 1)[-1]
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    code = sms_messages()[-1]
    assert code["e164"] == person["phone"] and code["template"] == "otp"
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": code["params"]["code"]})
    assert res.status_code == 200 and res.get_json()["status"] == "active"
    return employee


def test_a_hong_kong_permit_holder_and_a_passport_holder_register_activate_verify_and_sign(
        app, client, make_enterprise, make_employee, sms_messages):
    org, other = make_enterprise(), make_enterprise()
    hk = _register_and_activate(org, HK_SIGNER, client, sms_messages)
    de = _register_and_activate(other, PASSPORT_SIGNER, client, sms_messages)
    # What the admin sees: the kind, and the number and phone down to their last four characters.
    assert (hk["id_type"], hk["id_country"], hk["id_number_masked"], hk["phone_masked"]) == \
        ("hk_mo_permit", None, "*****5678", "+852****4567")
    assert (de["id_type"], de["id_country"], de["id_number_masked"], de["phone_masked"]) == \
        ("passport", "DE", "*****0T47", "+49*******6789")
    for enterprise, employee in ((org, hk), (other, de)):
        seal = enterprise.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
        assert enterprise.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": employee["id"]}).status_code == 201

    class Ceremony:
        api = org.organizer
    c = Ceremony()
    c.meeting = c.api.post("/api/meetings", json={"name": "跨境合作签约仪式", "starts_at": iso(timedelta(minutes=10)),
                                                  "ends_at": iso(timedelta(hours=2))}).get_json()
    mid = c.meeting["id"]
    host = make_employee(org, "主持人")
    assert c.api.post(f"/api/meetings/{mid}/participants", json={
        "role": "host", "name": host["name"], "id_number": host["id_number"], "phone": host["phone"]}).status_code == 201
    c.signers = []
    for enterprise, person in ((org, HK_SIGNER), (other, PASSPORT_SIGNER)):
        res = c.api.post(f"/api/meetings/{mid}/participants",
                         json={"role": "signer", "enterprise_name": enterprise.name, **person})
        assert res.status_code == 201, res.get_json()
        signer = res.get_json()
        assert signer["match_status"] == "matched" and signer["id_type"] == person["id_type"]
        c.signers.append(signer)
    assert c.signers[1]["id_country"] == "DE" and c.signers[1]["id_number_masked"] == "*****0T47"
    add_document_with_controls(c, make_pdf(pages=1))
    res = c.api.post(f"/api/meetings/{mid}/book")
    assert res.status_code == 200, res.get_json()
    # The booking notices go to the international numbers as well.
    booked_to = {m["e164"] for m in sms_messages() if m["template"].startswith("meeting_signer")}
    assert booked_to == {HK_SIGNER["phone"], PASSPORT_SIGNER["phone"]}

    for signer, person in zip(c.signers, (HK_SIGNER, PASSPORT_SIGNER)):
        phone = Signer(app.test_client(), person, db.session.get(Participant, signer["id"]).scene_token, sms_messages)
        phone.login()
        assert phone.get().get_json()["participant"]["id_type"] == person["id_type"]
        # Typed as people type them: lower case, with a space.
        typed = person["id_number"].lower()[:3] + " " + person["id_number"].lower()[3:]
        res = phone.verify_by_sms(id_number=typed)
        assert res.status_code == 200, res.get_json()
        res = phone.sign()
        assert res.status_code == 200 and res.get_json()["status"] == "signed", res.get_json()
    jobs.run_pending()
    outbox.deliver_due()
    assert c.api.get(f"/api/meetings/{mid}").get_json()["status"] == "completed"
    # Both are texted the link to their signed copy.
    assert {m["e164"] for m in sms_messages() if m["template"] == "completed"} >= \
        {HK_SIGNER["phone"], PASSPORT_SIGNER["phone"]}


def test_a_passport_matches_only_with_the_country_it_was_registered_with(make_enterprise, client, sms_messages):
    org, other = make_enterprise(), make_enterprise()
    _register_and_activate(other, PASSPORT_SIGNER, client, sms_messages)
    mid = org.organizer.post("/api/meetings", json={"name": "签约", "starts_at": iso(timedelta(hours=2)),
                                                    "ends_at": iso(timedelta(hours=3))}).get_json()["id"]
    same_number_other_country = {**PASSPORT_SIGNER, "id_country": "AT"}
    res = org.organizer.post(f"/api/meetings/{mid}/participants",
                             json={"role": "signer", "enterprise_name": other.name, **same_number_other_country})
    assert res.status_code == 201 and res.get_json()["match_problem"] == "person_unmatched"
    res = org.organizer.patch(f"/api/meetings/{mid}/participants/{res.get_json()['id']}", json={"id_country": "de"})
    assert res.status_code == 200 and res.get_json()["match_status"] == "matched", res.get_json()
