"""A big spreadsheet upload is read off the event loop: `/health/live` keeps answering meanwhile."""

from __future__ import annotations

import io
import subprocess
import threading
import time

import httpx
import openpyxl

from _services import free_port
from test_shutdown import SHEQU, _answers, _env, _start, _wait

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _big_workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["level", "name", "code", "parent_code", "modules"])
    for i in range(rows):
        # "hamlet" is no level: every row is read, then the document is refused with its errors.
        sheet.append(["hamlet", f"网格{i}", f"G{i:06d}", "C1", "patrol"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_live_probe_answers_while_a_big_workbook_is_read(tmp_path):
    env = _env(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "city.yaml").write_text(
        "nodes:\n  - {level: city, name: 测试市, code: C1}\n", encoding="utf-8"
    )
    for args in (
        ["db", "upgrade"],
        ["provision", "city.yaml"],
        ["users", "create", "--username", "root", "--password", "password-123", "--platform-admin"],
    ):
        subprocess.run([SHEQU, *args], env=env, cwd=str(tmp_path), check=True, capture_output=True)
    data = _big_workbook(20_000)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(["serve", "--port", str(port)], env, tmp_path)
    try:
        _wait(lambda: _answers(f"{base}/health/live"), proc, tmp_path)
        with httpx.Client(base_url=base, timeout=60) as client:
            token = client.post(
                "/api/v1/auth/login", json={"username": "root", "password": "password-123"}
            )
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            answered: list[tuple[float, float]] = []
            stop = threading.Event()

            def probe() -> None:
                with httpx.Client(base_url=base, timeout=30) as prober:
                    while not stop.is_set():
                        sent = time.monotonic()
                        assert prober.get("/health/live").status_code == 200
                        answered.append((sent, time.monotonic()))
                        time.sleep(0.05)

            prober = threading.Thread(target=probe)
            prober.start()
            try:
                time.sleep(0.3)
                began = time.monotonic()
                r = client.post(
                    "/api/v1/orgs/1/provision?dry_run=true",
                    content=data,
                    headers={**headers, "Content-Type": XLSX},
                )
                ended = time.monotonic()
            finally:
                stop.set()
                prober.join(timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert r.status_code == 422 and "First: row 2, field 'level'" in r.json()["detail"], r.text[
        :500
    ]
    assert len(r.json()["extra"]) == 20_000  # every row was read
    assert ended - began > 1.0, "the workbook was read too fast to show anything; make it bigger"
    during = [a for a in answered if a[0] > began + 0.1 and a[1] < ended - 0.1]
    # On the event loop the probe would wait for the whole read; in a thread it keeps answering.
    assert len(during) >= 3, (ended - began, answered)
