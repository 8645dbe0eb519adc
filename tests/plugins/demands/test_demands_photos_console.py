"""Photos from the console: the demand's page uploads one and shows them (same rules as the API)."""

from __future__ import annotations

from demands_helpers import csrf_of, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_console_uploads_and_shows_photos_of_a_demand(demands, api):
    await demands.enable("A")
    await demands.enable("B")
    d = await demands.new()
    a = api.org("A")
    url = f"/orgs/{a}/demands/{d['id']}"
    await login(api, "wA")

    async def upload(name: str, content: bytes):
        page = await api.client.get(url)
        assert page.status_code == 200
        return await api.client.post(
            f"{url}/photos",
            data={"_csrf": csrf_of(page.text)},
            files={"file": (name, content, "image/png")},
            follow_redirects=True,
        )

    # not an image: refused, naming the field, nothing stored
    r = await upload("x.png", b"<svg/>")
    assert "flash error" in r.text and "file" in r.text
    assert (await demands.get("A", f"/demands/{d['id']}", "wA"))["photos"] == []
    r = await upload("light.png", PNG)
    assert "flash ok" in r.text
    [photo] = (await demands.get("A", f"/demands/{d['id']}", "wA"))["photos"]
    assert f'data-photo="{photo["id"]}"' in r.text
    got = await api.client.get(f"{url}/photos/{photo['id']}")
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png"
    # without the form's token: refused
    r = await api.client.post(
        f"{url}/photos", files={"file": ("a.png", PNG, "image/png")}, follow_redirects=False
    )
    assert r.status_code == 403
    api.client.cookies.clear()
    # another community's secretary neither sees nor adds
    await login(api, "secB")
    assert (await api.client.get(f"{url}/photos/{photo['id']}")).status_code == 403
    b_url = f"/orgs/{api.org('B')}/demands/{d['id']}/photos/{photo['id']}"
    assert (await api.client.get(b_url)).status_code == 404
    assert len((await demands.get("A", f"/demands/{d['id']}", "wA"))["photos"]) == 1
