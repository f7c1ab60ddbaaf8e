"""Activation links: a code dies after a few wrong tries and the link is throttled."""
from datetime import timedelta

from backend.core.extensions import db, limiter
from backend.models import OneTimeCode


def test_hundred_wrong_activation_codes_kill_the_code_and_throttle_the_link(make_enterprise, make_employee, client,
                                                                          sms_messages):
    e = make_enterprise()
    emp = make_employee(e, "韩梅梅", active=False)
    assert e.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    token = sms_messages()[-1]["params"]["link"].rsplit("/", 1)[-1]
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    code = sms_messages()[-1]["params"]["code"]
    wrong = [f"{n:06d}" for n in range(101) if f"{n:06d}" != code][:100]
    statuses = [client.post(f"/api/activation/{token}/verify", json={"sms_code": w}).status_code for w in wrong]
    assert statuses[:10] == [422] * 10 and set(statuses[10:]) == {429}
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": code})
    assert res.status_code == 429 and int(res.headers["Retry-After"]) > 0

    limiter.reset()  # the throttle's ten minutes have passed
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": code})
    assert res.status_code == 422  # the code died after its wrong tries
    for row in OneTimeCode.query.all():  # half a minute later, a new code may be sent
        row.created_at -= timedelta(seconds=31)
    db.session.commit()
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": sms_messages()[-1]["params"]["code"]})
    assert res.status_code == 200 and res.get_json()["status"] == "active"
