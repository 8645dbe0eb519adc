"""The register's console: masked pages, reveal through the form, atomic XLSX import, masked export."""

from __future__ import annotations

import io

from console_helpers import login, token
from openpyxl import Workbook, load_workbook
from people_helpers import add_person, resident_id

ID = resident_id("19800101", seq="456")
PHONE = "13712345678"


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_pages_are_masked_and_reveal_is_logged(api):
    person = (await add_person(api, "A", id_number=ID, phone=PHONE, grid_id=api.org("A1"))).json()
    client = api.client
    await login(client, "wA")
    base = f"/orgs/{api.org('A')}"
    for url in (f"{base}/people", f"{base}/people/{person['id']}", f"{base}/units"):
        r = await client.get(url)
        assert r.status_code == 200, (url, r.text)
        assert ID not in r.text and PHONE not in r.text and "张小三" not in r.text, url
    for exact in ({"id_number": ID}, {"phone": PHONE}):
        r = await client.post(
            f"{base}/people/search", data={"_csrf": await token(client, f"{base}/people"), **exact}
        )
        assert r.status_code == 200 and "张*三" in r.text, exact
        assert ID not in r.text and PHONE not in r.text
    assert 'data-nav="people"' in r.text
    assert (
        "/reveal" not in (await client.get(f"{base}/people/{person['id']}")).text
    )  # no reveal form
    forbidden = await client.post(
        f"{base}/people/{person['id']}/reveal",
        data={"_csrf": await token(client, f"{base}/people"), "fields": "phone", "reason": "x"},
    )
    assert forbidden.status_code == 403
    await login(client, "secA")
    page = f"{base}/people/{person['id']}"
    assert "/reveal" in (await client.get(page)).text
    shown = await client.post(
        f"{page}/reveal",
        data={
            "_csrf": await token(client, page),
            "fields": ["phone", "id_number"],
            "reason": "上门走访",
        },
    )
    assert shown.status_code == 200 and PHONE in shown.text and ID in shown.text
    assert PHONE not in (await client.get(page)).text  # shown once, not kept
    log = (await client.get(f"{base}/people/access-log")).text
    assert "上门走访" in log and "secA" in log
    # Another community's worker gets 403 on A's pages and an empty register of their own.
    await login(client, "wB")
    assert (await client.get(page)).status_code == 403
    other = f"/orgs/{api.org('B')}/people"
    r = await client.post(
        f"{other}/search", data={"_csrf": await token(client, other), "id_number": ID}
    )
    assert r.status_code == 200 and "张*三" not in r.text


async def test_import_is_atomic_and_names_every_bad_row(api):
    client = api.client
    await login(client, "secA")
    url = f"/orgs/{api.org('A')}/people/import"
    header = ["姓名", "性别", "证件号码", "联系电话", "网格编码", "标签", "与户主关系"]
    grid_code = "T006"  # A1 in the test world
    bad = _xlsx(
        [
            header,
            [
                "李一",
                "男",
                resident_id("19700101", seq="001"),
                "13800000001",
                grid_code,
                "党员、志愿者",
                "户主",
            ],
            ["李二", "女", "123", "13800000002", "", "", ""],
            ["李三", "女", "", "555", "NOPE", "", ""],
            ["李四", "男", resident_id("19700101", seq="001"), "", "", "外星人", ""],
        ]
    )
    r = await client.post(
        url,
        data={"_csrf": await token(client, url)},
        files={"file": ("p.xlsx", bad, "application/octet-stream")},
    )
    assert r.status_code == 422, r.text
    for row, field in (("3", "id_number"), ("4", "phone"), ("5", "tags")):
        assert f"<td>{row}</td><td>{field}</td>" in r.text, (row, field)
    junk = await client.post(
        url,
        data={"_csrf": await token(client, url)},
        files={"file": ("p.xlsx", b"PK\x03\x04 not a workbook", "application/octet-stream")},
    )
    assert junk.status_code == 422 and "<td>file</td>" in junk.text
    people = await api.get(f"/api/v1/orgs/{api.org('A')}/people", as_="secA")
    assert people.json()["total"] == 0  # nothing written
    good = _xlsx(
        [
            header,
            [
                "李一",
                "男",
                resident_id("19700101", seq="001"),
                "13800000001",
                grid_code,
                "党员、志愿者",
                "户主",
            ],
            ["李二", "女", None, None, None, None, None],
        ]
    )
    r = await client.post(
        url,
        data={"_csrf": await token(client, url)},
        files={"file": ("p.xlsx", good, "application/octet-stream")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    found = (
        await api.get(
            f"/api/v1/orgs/{api.org('A')}/people",
            as_="secA",
            params={"tag": "party_member", "grid_id": api.org("A1")},
        )
    ).json()
    assert found["total"] == 1 and found["items"][0]["tags"] == ["party_member", "volunteer"]
    export = await client.get(f"/orgs/{api.org('A')}/people/export.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "性别") and len(rows) == 3
    flat = " ".join(str(v) for row in rows for v in row)
    assert (
        "李*" in flat
        and "13800000001" not in flat
        and resident_id("19700101", seq="001") not in flat
    )
    await login(client, "wB")
    assert (await client.get(f"/orgs/{api.org('A')}/people/export.xlsx")).status_code == 403
