"""Who is asking: the one rule every route and page of the children's home shares.

Misuse is made impossible rather than forbidden. A child's name (even masked) leaves the
database only for someone who holds a role granted *at the community itself*: a role granted
at a street or the city (which the standard tiers and ``city_admin``'s ``*`` would otherwise
let through the subtree) counts for nothing here, so a street or city reads the counts of
``/stats`` and nothing else. Within the community, staff see masked lists, and only the
child's paired helpers, the director and the secretary open a record.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.context import RequestContext
from core.errors import N_, Forbidden, Invalid
from tenants.models import OrgUnit

RECORD_ROLES = frozenset({"community_secretary", "children_director"})
"""Roles that open every child's record of their community (besides the paired helpers)."""

STAFF_ROLES = RECORD_ROLES | {"community_worker"}
"""Roles that see the whole (masked) list of the community's children."""


@dataclass(frozen=True)
class Viewer:
    """The caller at one community: their account and the roles granted there itself."""

    user_id: int
    roles: frozenset[str]

    @property
    def officer(self) -> bool:
        """Director or secretary: opens every record of the community."""
        return bool(self.roles & RECORD_ROLES)

    @property
    def staff(self) -> bool:
        """Community staff: sees the whole masked list, registers children, runs the home."""
        return bool(self.roles & STAFF_ROLES)


def viewer_at(ctx: RequestContext, org: OrgUnit) -> Viewer:
    """The caller's roles granted at ``org`` itself (grants from above do not count)."""
    roles = frozenset(
        role for role, path in ctx.authz.roles_at(ctx.user.id, org.path) if path == org.path
    )
    return Viewer(user_id=ctx.user.id, roles=roles)


def community_viewer(ctx: RequestContext, org: OrgUnit) -> Viewer:
    """The viewer at a community, or a refusal for any other level or an outsider from above."""
    if org.level != "community":
        raise Invalid(
            N_("children's records are kept by a community, not a {level}"),
            field="org_id",
            params={"level": org.level},
        )
    viewer = viewer_at(ctx, org)
    if not viewer.roles:
        raise Forbidden(
            N_(
                "children's records are open only to the community's own staff and the children's helpers; a street or city reads the figures"
            ),
            field="org_id",
        )
    return viewer


async def enter_home(
    ctx: RequestContext, org_id: int, obj: str, act: str
) -> tuple[OrgUnit, Viewer]:
    """Enter a community for a children's route: casbin's right, then the community rule."""
    org = await ctx.enter_org(org_id, obj, act)
    return org, community_viewer(ctx, org)


def require_officer(viewer: Viewer) -> None:
    """Refuse (403) unless the caller is the director or the secretary."""
    if not viewer.officer:
        raise Forbidden(
            N_("only the home's director or the community secretary may do this"),
            field="org_id",
        )
