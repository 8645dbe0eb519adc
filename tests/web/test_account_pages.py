"""The console's account pages: the forced password change and the accounts list."""

from __future__ import annotations


async def test_a_forced_change_sends_the_user_to_the_password_form(console, world):

    # secA resets the grid worker's password through the accounts page.
    assert (await console.login("secA")).status_code == 303
    page = f"/orgs/{world.orgs['A']}/accounts"
    listing = await console.client.get(page + "?q=gA1")
    assert listing.status_code == 200 and "gA1" in listing.text and "wB" not in listing.text
    r = await console.post_form(page, f"{page}/{world.users['gA1']}",
                                {"action": "reset_password", "password": "temporary-1"})
    assert r.status_code == 303
    await console.client.post("/logout", data={"_csrf": await console.token(page)})

    assert (await console.login("gA1", "temporary-1")).status_code == 303
    r = await console.client.get(f"/orgs/{world.orgs['A1']}/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password"
    r = await console.post_form("/account/password", "/account/password",
                                {"current_password": "temporary-1", "new_password": "mine-and-only-1",
                                 "confirm_password": "not-the-same-1"})
    assert r.status_code == 303 and r.headers["location"].startswith("/account/password")
    r = await console.post_form("/account/password", "/account/password",
                                {"current_password": "temporary-1", "new_password": "mine-and-only-1",
                                 "confirm_password": "mine-and-only-1"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert (await console.client.get(f"/orgs/{world.orgs['A1']}/")).status_code == 200
