"""Every SMS in its reader's language: a participant's, an employee's (else their enterprise's), an invited
enterprise's; each language its own provider template, `<kind>` in Chinese and `<kind>@en` in English."""
import re
from types import SimpleNamespace

from backend.core.extensions import db
from backend.models import Employee, Participant
from backend.services.notices import marked
from tests.support import add_document_with_controls, make_pdf

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
ENGLISH_TIME = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{2}:\d{2}\b")


def _without(text: str, *user_data: str) -> str:
    """The text with the names and other user data taken out: what is left is the template's own words."""
    for value in user_data:
        text = text.replace(value, "")
    return text


def _speaks(c, participant: dict, language: str) -> None:
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}/participants/{participant['id']}", json={"language": language})
    assert res.status_code == 200, res.get_json()


def _book(c) -> None:
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()


def test_an_english_signer_gets_the_english_template_and_a_chinese_one_the_chinese(ceremony, sms_messages):
    c = ceremony(signers_per_enterprise=1)
    english, chinese = c.signers[1], c.signers[0]
    _speaks(c, english, "en")
    _book(c)
    # Each enterprise's signer is called 签署人0: told apart by their enterprise.
    signers = {m["params"]["enterprise"]: m for m in sms_messages() if m["template"].startswith("meeting_signer")}

    sent = signers[english["enterprise_name"]]
    assert sent["template"] == "meeting_signer@en"
    assert sent["text"].startswith("[Signstage] ") and "(Beijing time)" in sent["text"]
    assert ENGLISH_TIME.fullmatch(sent["params"]["starts"])  # "Nov 25 14:00": within Tencent's 12 characters
    words = _without(sent["text"], english["name"], english["enterprise_name"], c.meeting["name"])
    assert not CJK.search(words), words
    assert sent["text"].endswith(sent["params"]["short_link"])

    other = signers[chinese["enterprise_name"]]
    assert other["template"] == "meeting_signer"
    assert other["text"].startswith("【Signstage】") and "北京时间" in other["text"] and "月" in other["params"]["starts"]
    # The message log shows which template each went out with.
    log = c.api.get(f"/api/meetings/{c.meeting['id']}/notifications").get_json()
    assert {n["template"] for n in log if n["template"].startswith("meeting_signer")} == \
        {"meeting_signer", "meeting_signer@en"}


def test_changes_cancellation_and_the_signers_code_follow_the_participants_language(booked, sms_messages):
    c = booked(signers_per_enterprise=1)
    english = c.signers[1]
    db.session.get(Participant, english["id"]).language = "en"
    db.session.commit()
    phone = c.phones[1]
    assert phone.login().post("/sms").status_code == 202
    [code] = [m for m in sms_messages() if m["to"] == phone.info["phone"] and m["template"].startswith("otp")]
    assert code["template"] == "otp@en" and code["text"].startswith("[Signstage] Your verification code is ")

    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
    cancelled = {m["to"]: m["template"] for m in sms_messages() if m["template"].startswith("meeting_cancelled")}
    assert cancelled[phone.info["phone"]] == "meeting_cancelled@en"
    assert cancelled[c.phones[0].info["phone"]] == "meeting_cancelled"


def test_an_employee_is_invited_and_sent_codes_in_their_enterprises_language(make_enterprise, make_employee, client,
                                                                             sms_messages):
    e = make_enterprise()
    assert e.admin.patch(f"/api/enterprises/{e.id}", json={"language": "en"}).status_code == 200
    emp = make_employee(e, "Anna Schmidt", active=False)
    assert e.admin.post(f"/api/employees/{emp['id']}/invite").status_code in (200, 202)
    [invite] = [m for m in sms_messages() if m["template"].startswith("activation")]
    assert invite["template"] == "activation@en"
    assert not CJK.search(_without(invite["text"], e.name)), invite["text"]
    token = invite["params"]["link"].rsplit("/", 1)[1]
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    assert sms_messages()[-1]["template"] == "otp@en"

    # The employee's own choice wins over the enterprise's.
    db.session.get(Employee, emp["id"]).language = "zh"
    db.session.commit()
    assert e.admin.post(f"/api/employees/{emp['id']}/invite").status_code in (200, 202)
    assert sms_messages()[-1]["template"] == "activation"


def test_a_counterparty_is_invited_in_its_own_language(ceremony, make_enterprise, sms_messages):
    c = ceremony(signers_per_enterprise=1)
    partner = make_enterprise("Hamburg Hafen GmbH")
    assert partner.admin.patch(f"/api/enterprises/{partner.id}", json={"language": "en"}).status_code == 200
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/counterparties", json={"enterprise_id": partner.id})
    assert res.status_code == 201, res.get_json()
    [invite] = [m for m in sms_messages() if m["template"].startswith("counterparty_invited")]
    assert invite["template"] == "counterparty_invited@en"
    assert not CJK.search(_without(invite["text"], c.org.name, c.meeting["name"])), invite["text"]


def test_a_rehearsals_notices_are_marked_in_the_readers_language():
    rehearsal, meeting = SimpleNamespace(rehearsal=True), SimpleNamespace(rehearsal=False)
    assert marked(rehearsal, "Anna Schmidt", "en") == "[Rehearsal] Anna Schmidt"
    assert marked(rehearsal, "张三", "zh") == "【彩排】张三" == marked(rehearsal, "张三")
    assert marked(meeting, "Anna Schmidt", "en") == "Anna Schmidt"
