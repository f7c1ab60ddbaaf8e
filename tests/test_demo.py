"""`flask --app wsgi demo` seeds once and prints working links."""
from backend.models import Employee, Enterprise, Meeting


def test_demo_is_idempotent_and_books_an_open_meeting(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert Enterprise.query.count() == 2 and Employee.query.count() == 4
    assert Meeting.query.count() == 1
    meeting = Meeting.query.one()
    screen = f"/screen/{meeting.result_token}"
    assert screen in first.output and screen in second.output
    assert first.output.count("/h5/s/") == 2
    assert all(e.signing_status == "approved" for e in Enterprise.query.all())
    res = client.post("/api/auth/login", json={"username": "xinghe-organizer", "password": "signstage-demo"})
    assert res.status_code == 200
