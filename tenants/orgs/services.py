"""Territory tree logic: level rules, unique codes, path upkeep on move, guarded deletes."""

from __future__ import annotations

from sqlalchemy import exists, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from core.errors import N_, Conflict, Invalid, NotFound
from tenants.models import LEVELS, OrgUnit, level_index
from tenants.scoping import TenantMixin, tenant_models, unscoped


def expected_parent_level(level: str) -> str | None:
    """The level a node of ``level`` must hang under (None for a city)."""
    i = level_index(level)
    return LEVELS[i - 1] if i > 0 else None


class OrgService:
    """Reads and changes the territory tree inside one session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, org_id: int) -> OrgUnit:
        """A node by id, or NotFound."""
        org = await self.session.get(OrgUnit, org_id)
        if org is None:
            raise NotFound(N_("org {org} not found"), field="id", params={"org": org_id})
        return org

    async def by_code(self, code: str) -> OrgUnit | None:
        """A node by its code."""
        return (await self.session.execute(select(OrgUnit).where(OrgUnit.code == code))).scalar_one_or_none()

    async def children(self, org: OrgUnit) -> list[OrgUnit]:
        """Direct children, by code."""
        stmt = select(OrgUnit).where(OrgUnit.parent_id == org.id).order_by(OrgUnit.code)
        return list((await self.session.execute(stmt)).scalars())

    async def subtree(self, org: OrgUnit, max_depth: int | None = None) -> list[OrgUnit]:
        """The node and every descendant (down to ``max_depth`` levels below), parents first."""
        stmt = select(OrgUnit).where(OrgUnit.path.startswith(org.path))
        if max_depth is not None:
            allowed = LEVELS[org.depth : org.depth + max_depth + 1]
            stmt = stmt.where(OrgUnit.level.in_(allowed))
        rows = (await self.session.execute(stmt)).scalars().all()
        return sorted(rows, key=lambda o: (o.depth, o.code))

    async def search(self, org: OrgUnit, q: str, limit: int = 50) -> list[OrgUnit]:
        """Nodes in the subtree whose name or code contains ``q``."""
        pattern = f"%{q.replace('%', '').replace('_', '')}%"
        stmt = (
            select(OrgUnit)
            .where(OrgUnit.path.startswith(org.path))
            .where(or_(OrgUnit.name.like(pattern), OrgUnit.code.like(pattern)))
            .order_by(OrgUnit.path)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def create(self, parent: OrgUnit | None, level: str, name: str, code: str) -> OrgUnit:
        """Create one node exactly one level below its parent, with a unique code."""
        wanted = expected_parent_level(level)
        if parent is None and wanted is not None:
            raise Invalid(N_("a {level} needs a parent {wanted}"), field="parent_id",
                          params={"level": level, "wanted": wanted})
        if parent is not None and parent.level != wanted:
            if wanted is None:
                raise Invalid(
                    N_("a {level} cannot be placed under a {parent_level}; a city is a root and has no parent"),
                    field="level",
                    params={"level": level, "parent_level": parent.level},
                )
            raise Invalid(
                N_("a {level} cannot be placed under a {parent_level}; its parent must be a {wanted}"),
                field="level",
                params={"level": level, "parent_level": parent.level, "wanted": wanted},
            )
        if await self.by_code(code) is not None:
            raise Conflict(N_("code '{code}' is already used by another org"), field="code", params={"code": code})
        org = OrgUnit(parent_id=parent.id if parent else None, level=level, name=name, code=code, path="")
        self.session.add(org)
        await self.session.flush()  # the path is made of ids, so the id comes first
        org.path = f"{parent.path if parent else '/'}{org.id}/"
        await self.session.flush()
        return org

    async def rename(self, org: OrgUnit, name: str) -> OrgUnit:
        """Change a node's name; paths are made of ids and stay as they are."""
        org.name = name
        await self.session.flush()
        return org

    async def move(self, org: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
        """Hang ``org`` under ``new_parent``, rewriting every descendant's and every row's path."""
        if new_parent.level != expected_parent_level(org.level):
            raise Invalid(
                N_("a {level} can only move under a {wanted}"),
                field="parent_id",
                params={"level": org.level, "wanted": expected_parent_level(org.level)},
            )
        if new_parent.path.startswith(org.path):
            raise Invalid(N_("cannot move a node under itself or its own descendant"), field="parent_id")
        if new_parent.id == org.parent_id:
            return org
        old, new = org.path, f"{new_parent.path}{org.id}/"
        cut = len(old) + 1
        await self.session.execute(
            update(OrgUnit)
            .where(OrgUnit.path.startswith(old))
            .values(path=literal(new) + func.substr(OrgUnit.path, cut))
            .execution_options(synchronize_session=False)
        )
        async with unscoped(self.session, "a move rewrites org_path of every row below the node"):
            for model in tenant_models():
                await self.session.execute(
                    update(model)
                    .where(model.org_path.startswith(old))
                    .values(org_path=literal(new) + func.substr(model.org_path, cut))
                    .execution_options(synchronize_session=False)
                )
        # Objects already loaded hold the old paths. Fix them in place rather than expiring
        # them: an expired attribute read later (e.g. by the audit entry) would need lazy
        # IO, which async sessions refuse (MissingGreenlet).
        for obj in list(self.session.identity_map.values()):
            if isinstance(obj, OrgUnit) and obj.path.startswith(old):
                set_committed_value(obj, "path", new + obj.path[len(old):])
            elif isinstance(obj, TenantMixin) and obj.org_path.startswith(old):
                set_committed_value(obj, "org_path", new + obj.org_path[len(old):])
        org.parent_id = new_parent.id
        await self.session.flush()
        return org

    async def delete(self, org: OrgUnit) -> None:
        """Delete a leaf node that holds no data; 409 naming what is in the way otherwise."""
        # An ORM entity in the columns clause: a bare exists() is a Core statement, which
        # the scoped request session refuses as raw SQL.
        child = select(OrgUnit.id).where(OrgUnit.parent_id == org.id).limit(1)
        if await self.session.scalar(child) is not None:
            raise Conflict(N_("org {org} has child nodes; delete or move them first"), field="id",
                           params={"org": org.id})
        async with unscoped(self.session, "a delete must see every row that still uses the org"):
            for model in tenant_models():
                if await self.session.scalar(select(exists().where(model.org_id == org.id))):
                    raise Conflict(
                        N_("org {org} still has data in {table}; it cannot be deleted"),
                        field="id",
                        params={"org": org.id, "table": model.__tablename__},
                    )
        await self.session.delete(org)
        await self.session.flush()
