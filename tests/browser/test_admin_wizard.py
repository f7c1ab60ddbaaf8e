"""The booking wizard in Debian Chromium: from 我的预约 to a booked meeting with its result-page link."""
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")


def contract_pdf() -> bytes:
    """A two-page A4 contract drawn with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in (1, 2):
        c.setFont("Helvetica-Bold", 22)
        c.drawString(72, 760, f"Strategic Cooperation Agreement - page {n}")
        c.setFont("Helvetica", 11)
        for i in range(30):
            c.drawString(72, 720 - i * 18, f"Article {i + 1}. The parties agree to cooperate in good faith.")
        c.showPage()
    c.save()
    return buf.getvalue()


def png(colour=(200, 30, 40), size=(320, 120)) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def drag(page, start, end, steps=15):
    """Press at start, move to end in steps (interact.js needs real pointer moves), release."""
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 4, start[1] + 4, steps=2)
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def api_get(page, base, path):
    """GET the JSON API over HTTP with the browser's own session cookie (the test thread holds no lock)."""
    res = page.request.get(base + path)
    assert res.ok, (path, res.status, res.text())
    return res.json()


def wait_saved(page, testid="save-state"):
    page.wait_for_selector(f'[data-testid="{testid}"][data-state="saved"]')


@pytest.fixture
def wizard_people(make_enterprise, make_employee):
    """Two approved enterprises, a host, one signer each, and a seal granted to the first signer."""
    a = make_enterprise("华东智能制造有限公司")
    b = make_enterprise("星海新能源科技有限公司")
    people = {"host": make_employee(a, "周主持"), "a": make_employee(a, "李明"), "b": make_employee(b, "王芳")}
    seal = a.admin.post("/api/seals", json={"generate": True, "name": "合同专用章", "kind": "contract"}).get_json()
    assert a.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": people["a"]["id"]}).status_code == 201
    from backend.core.extensions import db
    from backend.models import AdminUser
    organizer = AdminUser.query.filter_by(enterprise_id=a.id, role="organizer").one().username
    # SQLite transactions here begin IMMEDIATE (write lock): end ours before the live server needs it.
    db.session.commit()
    return a, b, people, organizer



def sign_in(page, live_server, username):
    """Sign in to the admin pages in a fresh cookie jar."""
    page.context.clear_cookies()
    page.goto(f"{live_server}/admin/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', "password-123")
    page.click('button[type="submit"]')
    page.wait_for_load_state()

def test_whole_wizard(app, live_server, page, screenshots, wizard_people, tmp_path):
    shot = iter(range(1, 100))

    def snap(name):
        page.screenshot(path=str(screenshots / f"{next(shot):02d}-{name}.png"), full_page=True)

    try:
        walk_the_wizard(live_server, page, snap, wizard_people, tmp_path)
    except Exception:
        snap("failure")
        raise


def walk_the_wizard(live_server, page, snap, people_of, tmp_path):
    """Every step as an organizer would take it; see test_whole_wizard."""
    a, b, people, organizer = people_of

    # Sign in and open 我的预约.
    page.goto(f"{live_server}/admin/login")
    snap("login")
    page.fill('input[name="username"]', organizer)
    page.fill('input[name="password"]', "password-123")
    page.click('button[type="submit"]')
    page.wait_for_url(re.compile(r"/admin/meetings$"))
    page.wait_for_selector("#meeting-list .empty")
    snap("my-meetings-empty")

    # Step 1: details.
    page.click("text=+ 预约会议")
    page.wait_for_selector('input[name="name"]')
    start = (datetime.now(SHANGHAI) + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    page.fill('input[name="name"]', "华东智能与星海新能源战略合作签约仪式")
    page.fill('input[name="starts_at"]', start.strftime("%Y-%m-%dT%H:%M"))
    page.fill('input[name="ends_at"]', (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    # The inputs follow the browser's language; their labels name the zone in the page's.
    assert page.locator('.field-label:has-text("开始时间")').inner_text().endswith("（中国标准时间）")
    page.select_option('[data-testid="screen-language"]', "bilingual")
    snap("details")
    page.click('[data-testid="next"]')
    page.wait_for_url(re.compile(r"/edit/participants$"))
    meeting_id = re.search(r"/meetings/([^/]+)/edit", page.url).group(1)

    # Step 2: participants, each matched against the registry.
    form = page.locator('[data-testid="participant-form"]')

    def add(role, name, id_number, phone, enterprise=None):
        # The radio itself is visually hidden: people click its label, which waits for the layout to settle.
        form.locator(f'.role-switch label:has(input[value="{role}"])').click()
        assert form.locator(f'input[name="role"][value="{role}"]').is_checked()
        form.locator('input[name="name"]').fill(name)
        if id_number:
            form.locator('input[name="id_number"]').fill(id_number)
        form.locator('input[name="phone"]').fill(phone)
        if enterprise:
            form.locator('input[name="enterprise_name"]').fill(enterprise)
        form.locator('button[type="submit"]').click()
        page.wait_for_selector(f'[data-testid="participants"] td:text-is("{name}")')

    add("host", people["host"]["name"], people["host"]["id_number"], people["host"]["phone"])
    add("signer", people["a"]["name"], people["a"]["id_number"], people["a"]["phone"], a.name)
    # 王芳 typed with 李明's ID number: unmatched, and the server's check says so before booking.
    add("signer", "王芳", people["a"]["id_number"], people["b"]["phone"], b.name)
    page.wait_for_selector('[data-testid="participants"] .badge-unmatched')
    page.wait_for_selector('[data-testid="participant-problems"] li:has-text("王芳")')
    snap("participants-unmatched")
    # Edit her row: the form fills in, blank phone keeps the registered one, the right ID number matches.
    page.locator('[data-testid="participants"] tr:has(.badge-unmatched) [data-testid="edit-participant"]').click()
    assert form.locator('input[name="name"]').input_value() == "王芳"
    assert form.locator('input[name="enterprise_name"]').input_value() == b.name
    form.locator('input[name="id_number"]').fill(people["b"]["id_number"])
    snap("participants-editing")
    form.locator('button[type="submit"]').click()
    page.wait_for_selector('[data-testid="participants"] .badge-unmatched', state="detached")
    page.wait_for_selector('[data-testid="participant-problems"]', state="detached")
    assert page.locator('[data-testid="participants"] .badge-matched').count() == 3
    # 王芳 reads her SMS and signing pages in English.
    # Wait for the save itself: a toast naming 王芳 may still show from editing her row just before.
    with page.expect_response(lambda r: "/participants/" in r.url and r.request.method == "PATCH") as saved:
        page.locator('[data-testid="participants"] tr:has(td:text-is("王芳")) [data-testid="participant-language"]') \
            .select_option("en")
    assert saved.value.ok, saved.value.text()
    chosen = {p["name"]: p["language"] for p in api_get(page, live_server, f"/api/meetings/{meeting_id}")["participants"]}
    assert chosen == {people["host"]["name"]: "zh", people["a"]["name"]: "zh", "王芳": "en"}
    assert api_get(page, live_server, f"/api/meetings/{meeting_id}")["screen_language"] == "bilingual"
    # An observer added by mistake is removed again.
    add("observer", "陈嘉宾", None, "13900001111", "华东商会")
    page.once("dialog", lambda d: d.accept())
    page.locator('[data-testid="participants"] tr:has(td:text-is("陈嘉宾")) [data-testid="remove-participant"]').click()
    page.wait_for_selector('[data-testid="participants"] td:text-is("陈嘉宾")', state="detached")
    snap("participants")
    page.click('[data-testid="next"]')
    page.wait_for_url(re.compile(r"/edit/documents$"))

    # Step 3: upload a PDF, drop a seal on page 1, resize it; give the second signer a signature.
    pdf_path = tmp_path / "合作协议.pdf"
    pdf_path.write_bytes(contract_pdf())
    page.set_input_files('[data-testid="pdf-input"]', str(pdf_path))
    page.wait_for_selector('.page[data-page="1"] img')
    page.wait_for_function("() => document.querySelector('.page[data-page=\"1\"] img').naturalWidth > 0")
    page1 = page.locator('.page[data-page="1"]')
    page1.scroll_into_view_if_needed()
    box = page1.bounding_box()
    target = (box["x"] + box["width"] * 0.32, box["y"] + box["height"] * 0.55)
    drag(page, centre(page.locator('[data-testid="palette-seal"]').bounding_box()), target)
    control = page1.locator('[data-testid="control"]').first
    control.wait_for()
    dropped = control.bounding_box()
    box = page1.bounding_box()
    x0 = (target[0] - box["x"]) / box["width"] - dropped["width"] / box["width"] / 2
    y0 = (target[1] - box["y"]) / box["height"] - dropped["height"] / box["height"] / 2
    corner = (dropped["x"] + dropped["width"] - 3, dropped["y"] + dropped["height"] - 3)
    dx, dy = 48, 30
    drag(page, corner, (corner[0] + dx, corner[1] + dy))
    wait_saved(page)
    expected = {"page": 1, "kind": "seal", "x": x0, "y": y0,
                "w": dropped["width"] / box["width"] + dx / box["width"],
                "h": dropped["height"] / box["height"] + dy / box["height"]}

    page.locator(".signer-chip", has_text="王芳").click()
    box = page1.bounding_box()
    drag(page, centre(page.locator('[data-testid="palette-signature"]').bounding_box()),
         (box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.3))
    page.wait_for_function("() => document.querySelectorAll('[data-testid=control]').length === 2")
    wait_saved(page)
    page1.scroll_into_view_if_needed()
    snap("controls")

    detail = api_get(page, live_server, f"/api/meetings/{meeting_id}")
    participant = {p["name"]: p["id"] for p in detail["participants"]}
    doc_id = detail["documents"][0]["id"]
    controls = api_get(page, live_server, f"/api/documents/{doc_id}/controls")
    seal = next(c for c in controls if c["kind"] == "seal")
    assert seal["participant_id"] == participant["李明"]
    for key in ("x", "y", "w", "h"):
        assert abs(seal[key] - expected[key]) < 0.01, (key, seal, expected)
    assert seal["page"] == 1
    signature = next(c for c in controls if c["kind"] == "signature")
    assert signature["participant_id"] == participant["王芳"]
    assert abs(signature["x"] + signature["w"] / 2 - 0.7) < 0.01

    page.click('[data-testid="next"]')
    page.wait_for_url(re.compile(r"/edit/layout$"))

    # Step 4: logo, background and seats on the 16:9 stage.
    stage = page.locator('[data-testid="stage"]')
    stage.wait_for()
    page.wait_for_selector('[data-testid="seat"]')
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    page.set_input_files(f'[data-testid="logo-input-{a.id}"]', str(logo))
    page.wait_for_selector(".stage-logo img")
    background = tmp_path / "background.png"
    background.write_bytes(png((30, 60, 120), (1600, 900)))
    page.set_input_files('[data-testid="background-input"]', str(background))
    page.wait_for_function("() => document.querySelector('[data-testid=stage]').style.backgroundImage.includes('assets')")
    wait_saved(page, "layout-save-state")

    # The QR codes can be hidden from the big screen; the seats' QR marks go with them.
    assert page.locator(".seat .seat-qr").count() == 2
    page.locator('label.switch:has([data-testid="show-qr"])').click()
    wait_saved(page, "layout-save-state")
    assert not page.locator(".seat .seat-qr").first.is_visible()
    assert api_get(page, live_server, f"/api/meetings/{meeting_id}/layout")["show_qr"] is False
    page.locator('label.switch:has([data-testid="show-qr"])').click()
    wait_saved(page, "layout-save-state")

    # Move 李明's seat, then take 王芳 off the stage and drag her back from the list.
    sbox = stage.bounding_box()
    seat = page.locator(f'[data-testid="seat"][data-participant="{participant["李明"]}"]')
    drag(page, centre(seat.bounding_box()), (sbox["x"] + sbox["width"] * 0.3, sbox["y"] + sbox["height"] * 0.7))
    wait_saved(page, "layout-save-state")
    other = page.locator(f'[data-testid="seat"][data-participant="{participant["王芳"]}"]')
    other.hover()
    other.locator(".seat-del").click()
    pool_item = page.locator(f'[data-testid="pool-item"][data-participant="{participant["王芳"]}"]')
    pool_item.wait_for()
    drag(page, centre(pool_item.bounding_box()), (sbox["x"] + sbox["width"] * 0.7, sbox["y"] + sbox["height"] * 0.7))
    page.wait_for_selector(f'[data-testid="seat"][data-participant="{participant["王芳"]}"]')
    wait_saved(page, "layout-save-state")
    page.mouse.move(0, 0)
    snap("layout")

    layout = api_get(page, live_server, f"/api/meetings/{meeting_id}/layout")
    seats = {s["participant_id"]: s for s in layout["seats"]}
    assert abs(seats[participant["王芳"]]["x"] - 0.7) < 0.02 and abs(seats[participant["王芳"]]["y"] - 0.7) < 0.02
    assert abs(seats[participant["李明"]]["x"] - 0.3) < 0.02
    assert layout["background"] and layout["logos"][a.id] and layout["show_qr"] is True
    assert layout["background_url"] in page.locator('[data-testid="stage"]').evaluate("e => e.style.backgroundImage")

    # Step 5: review (with the no-seal warning for the second enterprise) and book.
    page.click('[data-testid="next"]')
    page.wait_for_url(re.compile(r"/edit/review$"))
    page.wait_for_selector('[data-testid="book"]')
    assert "如未配置企业印章" in page.locator('[data-testid="warnings"]').inner_text()
    snap("review")
    page.click('[data-testid="book"]')
    page.wait_for_url(re.compile(rf"/admin/meetings/{meeting_id}$"))

    # The detail page: the result-page link to copy, participants and notifications.
    link = page.locator('[data-testid="result-url"]')
    link.wait_for()
    result_url = link.input_value()
    booked = api_get(page, live_server, f"/api/meetings/{meeting_id}")
    assert booked["status"] == "scheduled"
    assert result_url == booked["result_url"] and result_url.startswith("http://signstage.test/screen/")
    page.wait_for_selector("text=预约成功")
    assert page.locator("text=发送失败").count() == 0
    # Each signer's QR code (the big screen's own image) and H5 link.
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=signer-qr]')].length === 2 && "
                           "[...document.querySelectorAll('[data-testid=signer-qr]')].every(i => i.naturalWidth > 0)")
    links = page.locator('[data-testid="signer-link"]')
    assert links.count() == 2 and all("/h5/s/" in links.nth(i).input_value() for i in range(2))
    snap("detail")
    page.click('[data-testid="view-contract"]')
    page.wait_for_url(re.compile(rf"/admin/contracts/{meeting_id}$"))
    page.wait_for_selector('[data-testid="signers"]')
    snap("contract-booked")
    assert page.js_errors == []


def test_registry_pages_render(app, live_server, page, screenshots, make_enterprise, make_employee, tmp_path):
    """The operator's and the enterprise admin's pages render cleanly (screenshots for a person to look at)."""
    from backend.core.extensions import db
    from backend.models import AdminUser
    made = make_enterprise("华东智能制造有限公司")
    pending = make_enterprise("星海新能源科技有限公司", approved=False)
    pending.admin.post(f"/api/enterprises/{pending.id}/strategic-signing",
                       json={"contact_name": "王经理", "contact_phone": "13912345678"})
    for name in ("李明", "王芳", "赵强"):
        make_employee(made, name, active=name != "赵强")
    admin = AdminUser.query.filter_by(enterprise_id=made.id, role="admin").one().username
    db.session.commit()  # release the SQLite write lock for the live server

    sign_in(page, live_server, "op")
    page.goto(f"{live_server}/admin/enterprises")
    page.fill('input[name="name"]', "坏代码公司")
    page.fill('input[name="credit_code"]', "123")
    page.fill('input[name="admin_username"]', "bad")
    page.fill('input[name="admin_password"]', "password-123")
    page.click("text=创建企业")
    page.wait_for_selector(".field.has-error")
    page.screenshot(path=str(screenshots / "01-operator-enterprises.png"), full_page=True)
    page.goto(f"{live_server}/admin/approvals")
    assert page.locator("text=星海新能源科技有限公司").count() == 1
    page.screenshot(path=str(screenshots / "02-operator-approvals.png"), full_page=True)

    sign_in(page, live_server, admin)
    page.goto(f"{live_server}/admin/employees")
    csv_file = tmp_path / "staff.csv"
    from tests.support import make_id_number, make_phone
    csv_file.write_text(f"姓名,身份证号,手机号\n孙七,{make_id_number()},{make_phone()}\n坏行,123,456\n", encoding="utf-8")
    page.set_input_files('input[name="file"]', str(csv_file))
    page.click("button:text-is(\"导入\")")
    page.wait_for_selector("#import-report")
    page.screenshot(path=str(screenshots / "03-admin-employees.png"), full_page=True)
    page.goto(f"{live_server}/admin/seals")
    page.locator('input[name="name"]').first.fill("合同专用章")
    page.click("button:text-is(\"生成\")")
    page.wait_for_selector(".seal-card img")
    page.select_option('select[name="employee_id"]', label="李明（已激活）")
    page.click("button:text-is(\"授权\")")
    page.wait_for_selector(".grants li")
    page.wait_for_function("() => document.querySelector('.seal-card img').naturalWidth > 0")
    page.screenshot(path=str(screenshots / "04-admin-seals.png"), full_page=True)
    page.goto(f"{live_server}/admin/signing")
    page.screenshot(path=str(screenshots / "05-admin-signing.png"), full_page=True)
    page.goto(f"{live_server}/admin/accounts")
    page.screenshot(path=str(screenshots / "06-admin-accounts.png"), full_page=True)
    assert page.js_errors == []


def book_again(c, name, starts_in, app, sms_messages):
    """Book another meeting between the same enterprises and signers; return it with a Signer per signer."""
    from types import SimpleNamespace

    from backend.core.extensions import db
    from backend.models import Participant
    from tests.support import Signer, add_document_with_controls, iso, make_pdf
    api = c.api
    meeting = api.post("/api/meetings", json={"name": name, "starts_at": iso(starts_in),
                                              "ends_at": iso(starts_in + timedelta(hours=2))}).get_json()
    again = SimpleNamespace(api=api, meeting=meeting, signers=[], phones=[])
    mid = meeting["id"]
    assert api.post(f"/api/meetings/{mid}/participants", json={
        "role": "host", "name": c.host_emp["name"], "id_number": c.host_emp["id_number"],
        "phone": c.host_emp["phone"]}).status_code == 201
    for e in (c.org, c.other):
        for emp in c.staff[e.id]:
            res = api.post(f"/api/meetings/{mid}/participants", json={
                "role": "signer", "name": emp["name"], "id_number": emp["id_number"], "phone": emp["phone"],
                "enterprise_name": e.name})
            again.signers.append(res.get_json())
            again.phones.append((emp, res.get_json()["id"]))
    add_document_with_controls(again, make_pdf(pages=2))
    assert api.post(f"/api/meetings/{mid}/book").status_code == 200
    again.phones = [Signer(app.test_client(), emp, db.session.get(Participant, pid).scene_token, sms_messages)
                    for emp, pid in again.phones]
    return again


def test_contract_pages_render(app, live_server, page, screenshots, booked, sms_messages, tmp_path):
    """合同管理 and the meeting detail with signed and declined signers, as a person would see them."""
    from backend.core.extensions import db
    from backend.models import AdminUser
    from backend.services.jobs import run_pending
    c = booked()
    for phone in c.phones:
        assert phone.login().verify_by_sms().status_code == 200 and phone.sign().status_code in (200, 201, 202)
    run_pending()
    live = book_again(c, "华东智能2026年度供应链合作签约", timedelta(minutes=20), app, sms_messages)
    first, second = live.phones
    assert first.login().verify_by_sms().status_code == 200 and first.sign().status_code in (200, 201, 202)
    assert second.login().verify_by_sms().status_code == 200
    assert second.post("/decline", json={"reason": "付款条款需与法务再确认"}).status_code == 200
    run_pending()
    book_again(c, "数字化转型联合实验室共建协议", timedelta(days=3), app, sms_messages)
    admin = AdminUser.query.filter_by(enterprise_id=c.org.id, role="admin").one().username
    counterpart = AdminUser.query.filter_by(enterprise_id=c.other.id, role="organizer").one().username
    mid = c.meeting["id"]
    db.session.commit()  # release the SQLite write lock for the live server

    sign_in(page, live_server, admin)
    page.goto(f"{live_server}/admin/contracts")
    assert page.locator('[data-testid="contracts"] tbody tr').count() == 3
    page.screenshot(path=str(screenshots / "01-contracts.png"), full_page=True)
    page.click("nav.tabs >> text=已完成")
    page.wait_for_url(re.compile(r"status=completed"))
    assert page.locator('[data-testid="contracts"] tbody tr').count() == 1
    page.fill('input[name="since"]', "2099-01-01")
    page.click("button:text-is(\"筛选\")")
    page.wait_for_selector('[data-testid="contracts-empty"]')
    page.screenshot(path=str(screenshots / "02-contracts-filtered-empty.png"), full_page=True)
    page.goto(f"{live_server}/admin/contracts/{mid}")
    page.wait_for_selector('[data-testid="audit-events"]')
    for testid in ("download-pdf", "download-audit"):
        res = page.request.get(live_server + page.locator(f'[data-testid="{testid}"]').first.get_attribute("href"))
        assert res.ok and res.headers["content-type"] == "application/pdf" and res.body().startswith(b"%PDF")
    page.screenshot(path=str(screenshots / "03-contract-completed.png"), full_page=True)
    page.goto(f"{live_server}/admin/meetings/{live.meeting['id']}")
    page.wait_for_selector('[data-testid="decline-reason"]')
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=signer-qr]')].every(i => i.naturalWidth > 0)")
    assert page.locator('[data-testid="signer-qr"]').count() == 0  # one signed, one declined: no QR to scan
    page.screenshot(path=str(screenshots / "04-meeting-signed-and-declined.png"), full_page=True)
    # After booking: participants can be corrected, but no signer added (documents are frozen); signed ones are fixed.
    page.click("text=修改参会人")
    page.wait_for_selector('[data-testid="participants"]')
    assert page.locator('input[name="role"][value="signer"]').is_disabled()
    assert page.locator('[data-testid="edit-participant"]').count() == 1  # the host; the signers have acted
    assert page.locator('[data-testid="remove-participant"]').count() == 0
    page.screenshot(path=str(screenshots / "04b-booked-participants.png"), full_page=True)
    page.goto(f"{live_server}/admin/employees")
    page.locator('[data-testid="edit-employee"]').first.click()
    page.wait_for_selector("#edit-employee")
    page.screenshot(path=str(screenshots / "05-employee-edit.png"), full_page=True)

    sign_in(page, live_server, counterpart)
    page.goto(f"{live_server}/admin/contracts")
    assert page.locator('[data-testid="contracts"] tbody tr').count() == 3
    page.screenshot(path=str(screenshots / "06-contracts-counterpart.png"), full_page=True)
    assert page.js_errors == []
