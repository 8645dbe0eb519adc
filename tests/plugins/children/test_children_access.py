"""Must-show: who may look at a child, that every look is logged, and what the raw database holds."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from children_world import KIDS, NOTE


def _names() -> list[str]:
    """Every child's name and its mask (張**雨 style): none may appear where it must not."""
    from core.privacy import mask_name

    return [n for name, _y, _o in KIDS.values() for n in (name, mask_name(name))]


async def test_only_paired_helpers_director_and_secretary_open_a_record(children):
    ids = await children.setup_home()
    kid1, kid2 = ids["kid1"], ids["kid2"]
    # the paired helper records a visit with notes (consent is on file) and sees their child only
    await children.post(
        "A",
        f"/children/{kid1}/contacts",
        "helperA",
        {
            "contact_on": "2026-01-05",
            "mode": "home_visit",
            "emotional": NOTE,
            "school_results": "语文92 数学88",
            "term": "2025秋",
        },
    )
    mine = await children.get("A", "/children", "helperA")
    assert [c["id"] for c in mine] == [kid1]
    assert mine[0]["person"]["name"] == "欧**雨" and "id_number" not in str(mine)
    record = await children.get("A", f"/children/{kid1}", "helperA")
    assert record["person"]["name"] == "欧阳小雨"
    assert record["contacts"][0]["notes"]["emotional"] == NOTE
    await children.get("A", f"/children/{kid2}", "helperA", expect=403)
    # a helper of the community who is paired with nobody lists nothing and opens nothing
    assert await children.get("A", "/children", "helperA2") == []
    await children.get("A", f"/children/{kid1}", "helperA2", expect=403)
    # a community worker who is not paired: masked rows only, 403 on the record and its notes
    rows = await children.get("A", "/children", "wA")
    assert sorted(r["person"]["name"] for r in rows) == ["司**峰", "欧**雨"]
    assert "欧阳小雨" not in str(rows) and "司马晓峰" not in str(rows)
    await children.get("A", f"/children/{kid1}", "wA", expect=403)
    await children.get("A", f"/children/{kid1}/contacts", "wA", expect=403)
    # the director and the secretary open it
    assert (await children.get("A", f"/children/{kid1}", "dirA"))["person"]["name"] == "欧阳小雨"
    assert (await children.get("A", f"/children/{kid1}/contacts", "secA"))[0]["notes"][
        "emotional"
    ] == NOTE
    # every read is in the access log, with the fields shown; refusals are not reads
    reads = await children.get("A", f"/children/{kid1}/reads", "dirA")
    by = [(r["actor_name"], r["action"]) for r in reads]
    assert by.count(("helperA", "open_record")) == 1
    assert ("dirA", "open_record") in by and ("secA", "open_record") in by
    assert all(r["actor_name"] not in ("wA", "helperA2") for r in reads)
    assert "contacts" in reads[0]["fields"] and "parents" in reads[-1]["fields"]
    # only officers see who read
    await children.get("A", f"/children/{kid1}/reads", "helperA", expect=403)


async def test_street_and_city_get_counts_only(children):
    ids = await children.setup_home()
    for who in ("sa1", "cityadm", "root"):
        r = await children.api.get(children.url("A", "/children"), as_=who)
        assert r.status_code == 403, (who, r.text)
        r = await children.api.get(children.url("A", f"/children/{ids['kid1']}"), as_=who)
        assert r.status_code == 403
    figures = await children.get("s1", "/stats", "sa1")
    assert figures["exact"] is False and figures["children"] == "<5"
    assert (
        figures["by_category"]["left_behind"] == "<5" and figures["by_category"]["difficulty"] == 0
    )
    # the community's own staff read exact figures
    assert (await children.get("A", "/stats", "wA"))["children"] == 2


async def test_the_street_admin_finds_no_name_on_any_route_of_the_openapi_document(children):
    ids = await children.setup_home()
    await children.post("A", "/custody", "wA", {"child_id": ids["kid2"]}, status=409)  # no consent
    api = children.api
    schema = (await api.get("/schema/openapi.json")).json()
    values = {
        "child_id": ids["kid1"],
        "pairing_id": ids["pairing"],
        "person_id": children.person("kid1"),
    }
    seen = 0
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        for org in ("s1", "A", "A1", "city"):
            url = path.replace("{org_id}", str(api.org(org)))
            for name, value in values.items():
                url = url.replace("{" + name + "}", str(value))
            url = url.replace("{", "").replace("}", "")  # any other id: a miss is fine too
            r = await api.get(url, as_="sa1", params={"reason": "walk", "q": "欧"})
            seen += 1
            body = r.content.decode("utf-8", "replace")
            for name in _names():
                assert name not in body, (path, org, r.status_code)
            if "/children/" in path and r.status_code == 200:  # (…/children alone: the org tree)
                assert path.endswith("/stats"), path
    assert seen > 40


async def test_the_raw_database_holds_none_of_the_notes(children, settings, backend):
    ids = await children.setup_home()
    await children.post(
        "A",
        f"/children/{ids['kid1']}/contacts",
        "helperA",
        {
            "contact_on": "2026-01-05",
            "mode": "phone",
            "thinking": NOTE,
            "behaviour": NOTE,
        },
    )
    await children.post(
        "A",
        f"/children/{ids['kid1']}/parents",
        "dirA",
        {
            "parents": [
                {"relation": "mother", "workplace": "深圳电子厂", "contact": "13912345678"}
            ],
        },
        status=200,
    )
    secrets = [NOTE.encode(), "深圳电子厂".encode(), b"13912345678"]
    if backend == "sqlite":
        raw = b"".join(p.read_bytes() for p in Path(settings.data_dir).glob("shequ.sqlite3*"))
        assert b"children_contacts" in raw  # the file really is the database
    else:
        engine = create_async_engine(settings.effective_database_url)
        chunks = []
        async with engine.connect() as conn:
            tables = (
                (
                    await conn.execute(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    )
                )
                .scalars()
                .all()
            )
            driver = (await conn.get_raw_connection()).driver_connection
            for table in tables:
                out = io.BytesIO()
                await driver.copy_from_table(table, output=out)
                chunks.append(out.getvalue())
        await engine.dispose()
        raw = b"".join(chunks)
        assert "上官秀兰".encode() in raw  # COPY really dumped the rows (the register keeps names)
    for secret in secrets:
        assert secret not in raw
    # and the application reads them back
    record = await children.get("A", f"/children/{ids['kid1']}", "secA")
    assert (
        record["parents"][0]["workplace"] == "深圳电子厂"
        and record["contacts"][0]["notes"]["thinking"] == NOTE
    )


async def test_notes_without_consent_and_sign_out_to_an_unnamed_person_are_refused(children):
    ids = await children.setup_home()
    kid2 = ids["kid2"]
    await children.post(
        "A",
        f"/children/{kid2}/pairings",
        "dirA",
        {"helper_user_id": children.api.world.users["helperA"], "helper_kind": "volunteer"},
    )
    r = await children.api.post(
        children.url("A", f"/children/{kid2}/contacts"),
        as_="helperA",
        json={"contact_on": "2026-01-05", "mode": "phone", "moral": NOTE},
    )
    assert r.status_code == 409 and "person_id" in r.json()["detail"] and "children.care" in r.text
    r = await children.api.post(
        children.url("A", f"/children/{kid2}/parents"),
        as_="dirA",
        json={"parents": [{"relation": "father", "contact": "13800000000"}]},
    )
    assert r.status_code == 409
    # a contact without notes needs no consent (it only says the helper was in touch)
    await children.post(
        "A", f"/children/{kid2}/contacts", "helperA", {"contact_on": "2026-01-05", "mode": "phone"}
    )
    # custody needs its own consent
    r = await children.api.post(children.url("A", "/custody"), as_="wA", json={"child_id": kid2})
    assert r.status_code == 409 and "children.custody" in r.text
    await children.post(
        "A",
        f"/children/{kid2}/consents",
        "wA",
        {"purpose": "children.custody", "guardian_name": "上官秀兰", "relation": "祖母"},
    )
    await children.post(
        "A",
        f"/children/{kid2}/pickups",
        "wA",
        {"person_id": children.person("uncle"), "relation": "舅舅"},
    )
    stay = await children.post(
        "A",
        "/custody",
        "wA",
        {"child_id": kid2, "dropped_by_person_id": children.person("grandma")},
    )
    r = await children.api.post(
        children.url("A", f"/custody/{stay['id']}/sign-out"),
        as_="wA",
        json={"collected_by_person_id": children.person("stranger")},
    )
    assert r.status_code == 403 and "collected_by_person_id" in r.json()["detail"]
    assert (await children.get("A", "/custody", "wA"))[0]["signed_out_at"] is None
    out = await children.post(
        "A",
        f"/custody/{stay['id']}/sign-out",
        "wA",
        {"collected_by_person_id": children.person("uncle")},
        status=200,
    )
    assert out["signed_out_at"] is not None
    # the guardian may always collect; a revoked person may not
    stay = await children.post("A", "/custody", "wA", {"child_id": kid2})
    pickup = (await children.get("A", f"/children/{kid2}", "dirA"))["pickups"][0]
    await children.post("A", f"/pickups/{pickup['id']}/revoke", "wA", {}, status=200)
    r = await children.api.post(
        children.url("A", f"/custody/{stay['id']}/sign-out"),
        as_="wA",
        json={"collected_by_person_id": children.person("uncle")},
    )
    assert r.status_code == 403
    await children.post(
        "A",
        f"/custody/{stay['id']}/sign-out",
        "wA",
        {"collected_by_person_id": children.person("grandma")},
        status=200,
    )
