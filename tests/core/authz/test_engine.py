"""Behaviour of both authorizer designs, run through the decision cache as the app uses them."""

from __future__ import annotations

import pytest

from core.authz import (
    DESIGNS,
    CachedAuthorizer,
    DomainMatchAuthorizer,
    ancestor_paths,
    check_path,
    load_base_grants,
    make_authorizer,
    plugin_grants,
)

STREET, COMMUNITY, GRID = "/1/7/", "/1/7/42/", "/1/7/42/301/"

LINKS = [
    ("u:1", "city_admin", "/1/"),
    ("u:2", "street_admin", STREET),
    ("u:3", "community_worker", COMMUNITY),
    ("u:4", "grid_worker", GRID),
    ("u:5", "community_secretary", COMMUNITY),
    ("u:6", "resident", GRID),
    ("u:7", "street_admin", "/1/70/"),
]


@pytest.fixture(params=sorted(DESIGNS))
def authz(request) -> CachedAuthorizer:
    a = CachedAuthorizer(DESIGNS[request.param]())
    a.load(load_base_grants() + plugin_grants("patrol"), LINKS)
    return a


def test_street_admin_manages_its_subtree_only(authz):
    for path in (STREET, COMMUNITY, GRID):
        assert authz.enforce("u:2", path, "core:org", "update"), path
    for path in ("/1/70/", "/1/8/", "/1/", "/1/70/1/", "/2/7/"):
        assert not authz.enforce("u:2", path, "core:org", "update"), path


def test_prefix_trap_works_both_ways(authz):
    # /1/7/ must not cover /1/70/, and /1/70/ must not cover /1/7/.
    assert not authz.enforce("u:2", "/1/70/", "core:org", "read")
    assert authz.enforce("u:7", "/1/70/", "core:org", "read")
    assert not authz.enforce("u:7", STREET, "core:org", "read")
    assert not authz.enforce("u:7", COMMUNITY, "core:org", "read")


def test_community_worker_stays_in_its_community(authz):
    assert authz.enforce("u:3", COMMUNITY, "core:user", "read")
    assert authz.enforce("u:3", GRID, "core:org", "read")
    assert not authz.enforce("u:3", "/1/7/43/", "core:org", "read")
    assert not authz.enforce("u:3", STREET, "core:org", "read")
    assert not authz.enforce("u:3", COMMUNITY, "core:user", "update")


def test_grid_worker_only_in_its_grid(authz):
    assert authz.enforce("u:4", GRID, "patrol:shift", "create")
    assert not authz.enforce("u:4", "/1/7/42/302/", "patrol:shift", "create")
    assert not authz.enforce("u:4", COMMUNITY, "patrol:shift", "read")
    assert not authz.enforce("u:4", GRID, "patrol:shift", "delete")
    assert not authz.enforce("u:4", GRID, "core:user", "read")


def test_template_actions(authz):
    assert authz.enforce("u:5", GRID, "core:org", "create")
    assert not authz.enforce("u:5", GRID, "core:org", "delete")
    assert authz.enforce("u:2", GRID, "core:org", "delete")
    assert not authz.enforce("u:2", GRID, "core:user", "delete")
    assert authz.enforce("u:6", GRID, "core:org", "read")
    assert not authz.enforce("u:6", GRID, "patrol:shift", "read")
    assert not authz.enforce("u:404", GRID, "core:org", "read")


def test_wildcard_objects_and_actions(authz):
    # city_admin holds "*" "*"; street_admin holds patrol:* with "*" via plugin_grants.
    assert authz.enforce("u:1", GRID, "anything:at_all", "export")
    assert authz.enforce("u:2", GRID, "patrol:route", "approve")
    assert not authz.enforce("u:2", GRID, "patrolx:route", "read")
    assert not authz.enforce("u:2", GRID, "visits:log", "read")


def test_plugin_wildcard_does_not_widen_core_grants(authz):
    assert authz.enforce("u:3", GRID, "patrol:shift", "update")
    assert not authz.enforce("u:3", GRID, "core:user", "update")
    assert not authz.enforce("u:3", GRID, "core:org", "create")


def test_removing_a_link_takes_effect_through_the_cache(authz):
    assert authz.enforce("u:2", COMMUNITY, "core:org", "update")
    assert authz.enforce("u:2", COMMUNITY, "core:org", "update")
    assert authz.hits >= 1
    version = authz.version
    authz.remove_link("u:2", "street_admin", STREET)
    assert authz.version > version
    assert not authz.enforce("u:2", COMMUNITY, "core:org", "update")
    authz.add_link("u:2", "street_admin", STREET)
    assert authz.enforce("u:2", COMMUNITY, "core:org", "update")


def test_removing_one_of_two_covering_links_keeps_the_other(authz):
    # Raw casbin 1.43 drops the role for the whole domain here; the design must not.
    authz.add_link("u:2", "street_admin", COMMUNITY)
    assert authz.enforce("u:2", GRID, "core:org", "delete")
    authz.remove_link("u:2", "street_admin", COMMUNITY)
    assert authz.enforce("u:2", GRID, "core:org", "delete")
    assert authz.roles_at("u:2", GRID) == [("street_admin", STREET)]


def test_removing_an_absent_link_is_a_no_op(authz):
    authz.remove_link("u:2", "resident", STREET)
    authz.remove_link("u:999", "resident", STREET)
    assert authz.enforce("u:2", STREET, "core:org", "read")


def test_add_grants_takes_effect_through_the_cache(authz):
    assert not authz.enforce("u:6", GRID, "notice:post", "read")
    authz.add_grants([("resident", "*", "notice:*", "read")])
    assert authz.enforce("u:6", GRID, "notice:post", "read")
    assert not authz.enforce("u:6", GRID, "notice:post", "create")


def test_grant_at_a_specific_domain_applies_only_there(authz):
    authz.add_grants([("grid_worker", GRID, "core:user", "read")])
    assert authz.enforce("u:4", GRID, "core:user", "read")
    authz.add_link("u:4", "grid_worker", "/1/7/42/302/")
    assert not authz.enforce("u:4", "/1/7/42/302/", "core:user", "read")


def test_load_replaces_everything(authz):
    assert authz.enforce("u:2", STREET, "core:org", "read")
    authz.load(load_base_grants(), [("u:9", "resident", STREET)])
    assert not authz.enforce("u:2", STREET, "core:org", "read")
    assert authz.enforce("u:9", COMMUNITY, "core:org", "read")
    assert not authz.enforce("u:9", COMMUNITY, "patrol:shift", "read")


def test_roles_at_lists_inherited_roles_with_their_origin(authz):
    authz.add_link("u:3", "party_member", GRID)
    authz.add_link("u:3", "resident", "/1/")
    assert authz.roles_at("u:3", GRID) == [
        ("resident", "/1/"),
        ("community_worker", COMMUNITY),
        ("party_member", GRID),
    ]
    assert authz.roles_at("u:3", "/1/7/43/") == [("resident", "/1/")]
    assert authz.roles_at("u:2", "/1/70/") == []


def test_invalidate_and_bounded_cache(authz):
    authz.max_entries = 3
    for grid in range(10):
        authz.enforce("u:4", f"/1/7/42/{grid}/", "core:org", "read")
    assert len(authz) <= 3
    authz.invalidate()
    assert len(authz) == 0


def test_bad_paths_are_rejected(authz):
    for bad in ("/1/7", "1/7/", "/1//7/", "", "*", "/1/*/"):
        with pytest.raises(ValueError):
            authz.enforce("u:2", bad, "core:org", "read")
        with pytest.raises(ValueError):
            authz.add_link("u:2", "street_admin", bad)


def test_ancestor_paths():
    assert ancestor_paths(GRID) == ["/1/", STREET, COMMUNITY, GRID]
    assert ancestor_paths("/1/") == ["/1/"]
    assert check_path("/1/70/") == "/1/70/"


def test_base_policy_file_parses_and_skips_comments(tmp_path):
    grants = load_base_grants()
    roles = {g[0] for g in grants}
    assert roles == {
        "platform_admin",
        "city_admin",
        "street_admin",
        "community_secretary",
        "community_worker",
        "grid_worker",
        "party_member",
        "resident",
        "unit_liaison",
        "unit_party_admin",  # a unit role (core/partners): its template, never an org link
        "unit_demand_handler",
    }
    assert all(g[1] == "*" for g in grants)
    (tmp_path / "a.csv").write_text("# note\n\np, resident, *, core:org, read\ng, u:1, x, /1/\n")
    assert load_base_grants(tmp_path) == [("resident", "*", "core:org", "read")]
    (tmp_path / "b.csv").write_text("p, resident, core:org\n")
    with pytest.raises(ValueError):
        load_base_grants(tmp_path)


def test_make_authorizer_defaults_to_a_loaded_cached_design():
    a = make_authorizer()
    assert isinstance(a, CachedAuthorizer)
    a.add_link("u:1", "street_admin", STREET)
    assert a.enforce("u:1", GRID, "core:org", "delete")
    assert isinstance(make_authorizer("domain").inner, DomainMatchAuthorizer)
    with pytest.raises(ValueError):
        make_authorizer("nope")
