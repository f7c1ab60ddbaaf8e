"""Personal data never appears in clear in the database file or the logs."""
import logging
from pathlib import Path

import pytest

from backend.core.extensions import db


def test_no_id_number_or_phone_in_database_bytes_or_logs(app, make_enterprise, make_employee, caplog, capsys,
                                                        monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("reads the SQLite file's raw bytes")
    from backend.lib.sms.backends import ConsoleBackend
    monkeypatch.setitem(app.extensions["signstage"], "sms", ConsoleBackend())
    caplog.set_level(logging.DEBUG)
    e = make_enterprise()
    people = [make_employee(e, f"隐私{i}", active=False) for i in range(3)]
    for p in people:
        e.admin.post(f"/api/employees/{p['id']}/invite")
    e.admin.get("/api/employees")
    db.session.commit()
    db.engine.dispose()  # flush everything to the file
    raw = Path(db.engine.url.database).read_bytes()
    wal = Path(db.engine.url.database + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    logs = caplog.text + capsys.readouterr().out
    assert "[SMS to 138****" in logs  # the console SMS backend really wrote to the output we search
    for p in people:
        for secret in (p["id_number"], p["phone"], p["phone"][3:]):
            assert secret.encode() not in raw
            assert secret not in logs
    assert "隐私0".encode() in raw  # the search really read the data
