"""签约邀请: the invited enterprise's admin has a page per invitation; nobody else opens it."""
from datetime import timedelta

from tests.admin.conftest import text_of
from tests.support import iso


def _invitation(make_enterprise):
    org, other = make_enterprise(), make_enterprise()
    meeting = org.organizer.post("/api/meetings", json={"name": "签约仪式", "starts_at": iso(timedelta(hours=2)),
                                                        "ends_at": iso(timedelta(hours=3))}).get_json()
    res = org.organizer.post(f"/api/meetings/{meeting['id']}/counterparties", json={"enterprise_id": other.id})
    assert res.status_code == 201, res.get_json()
    return org, other, res.get_json()["id"]


def test_the_invited_admin_opens_the_task_from_the_nav(pages, make_enterprise):
    org, other, invitation = _invitation(make_enterprise)
    pages.sign_in_as(other)
    body = text_of(pages.get("/admin/invitations"))
    assert 'href="/admin/invitations"' in body and "js/invitations.js" in body
    res = pages.get(f"/admin/invitations/{invitation}")
    assert res.status_code == 200 and f'data-id="{invitation}"' in text_of(res)
    assert "js/invitation.js" in text_of(res)


def test_nobody_else_opens_an_invitation(pages, make_enterprise):
    org, other, invitation = _invitation(make_enterprise)
    pages.sign_in_as(org)
    assert pages.get(f"/admin/invitations/{invitation}").status_code == 404
    assert pages.get("/admin/invitations/" + "x" * 40).status_code == 404
    pages.sign_in_as(other, role="organizer")
    assert pages.get(f"/admin/invitations/{invitation}").status_code == 403
    assert 'href="/admin/invitations"' not in text_of(pages.get("/admin/meetings"))


def test_the_sms_link_leads_through_sign_in_to_the_task(pages, make_enterprise):
    org, other, invitation = _invitation(make_enterprise)
    res = pages.get(f"/admin/invitations/{invitation}")
    assert res.status_code == 302 and f"next=/admin/invitations/{invitation}" in res.headers["Location"]
