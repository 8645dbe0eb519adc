"""Applying a provisioning plan: all or nothing, idempotent, reporting what it did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.users.roles import BASE_ROLES
from core.users.services import UserService
from core import events
from core.errors import N_, DomainError, message_of
from core.plugins import get_plugin_manager
from tenants.models import OrgModule, OrgUnit
from tenants.modules.services import ModuleService
from tenants.provisioning._spec import NodeSpec, ProvisionDocumentError, ProvisionError
from tenants.provisioning._validate import validate_plan


@dataclass
class ProvisionResult:
    """What a run created and what already existed; ``changed`` is False on a repeat run."""

    created: dict[str, int] = field(
        default_factory=lambda: {"orgs": 0, "users": 0, "roles": 0, "modules": 0}
    )
    existing: dict[str, int] = field(
        default_factory=lambda: {"orgs": 0, "users": 0, "roles": 0, "modules": 0}
    )
    nodes: list[dict[str, str]] = field(default_factory=list)
    new_links: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Did the run write anything?"""
        return any(self.created.values())

    @property
    def message(self) -> str:
        """A one-line summary for people."""
        if not self.changed:
            return "nothing changed: everything in the document already exists"
        made = ", ".join(f"{n} {k}" for k, n in self.created.items() if n)
        return f"created {made}"


async def _existing_by_code(session: AsyncSession, codes: list[str]) -> dict[str, OrgUnit]:
    found: dict[str, OrgUnit] = {}
    for i in range(0, len(codes), 500):  # keep IN lists within every driver's parameter limit
        stmt = select(OrgUnit).where(OrgUnit.code.in_(codes[i : i + 500]))
        found.update({o.code: o for o in (await session.execute(stmt)).scalars()})
    return found


async def provision(
    session: AsyncSession,
    target: OrgUnit | None,
    nodes: list[NodeSpec],
    *,
    actor_id: int | None = None,
    known_modules: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ProvisionResult:
    """Create the document's subtree under ``target``; raise ProvisionDocumentError naming rows.

    The caller owns the transaction: on an error nothing must be committed. ``progress(done,
    total)`` is called as nodes are done (a background job shows it to the person waiting).

    New nodes are created one depth at a time with bulk statements (one INSERT and one UPDATE
    of their paths per depth); then each node of that depth, in document order, announces
    itself (``org_created``), gets its accounts and switches on its modules, so a node's
    children still see the modules their parent switched on, as they would one by one.
    """
    validate_plan(nodes, target.level if target else None, allowed_roles=set(BASE_ROLES), known_modules=known_modules)
    run = _Run(session, target, actor_id)
    existing = await _existing_by_code(session, [n.code for n in nodes])
    run.plan(nodes, existing)
    done = 0
    for depth in sorted(run.depths):
        await run.create_depth(depth)
        for index in run.depths[depth]:
            if progress is not None:
                progress(done, len(nodes))
            await run.settle(index)
            done += 1
    if run.errors:
        raise ProvisionDocumentError([e for _i, e in sorted(run.errors, key=lambda x: x[0])])
    if progress is not None:
        progress(len(nodes), len(nodes))
    return run.result


class _Run:
    """One provisioning run: the plan (which nodes exist, which are new, at what depth) and its work."""

    def __init__(self, session: AsyncSession, target: OrgUnit | None, actor_id: int | None) -> None:
        self.session, self.target, self.actor_id = session, target, actor_id
        self.result = ProvisionResult()
        self.errors: list[tuple[int, ProvisionError]] = []
        self.nodes: list[NodeSpec] = []
        self.orgs: dict[int, OrgUnit] = {}  # node index -> its org (existing or created)
        self.new: set[int] = set()
        self.parent_of: dict[int, int | None] = {}  # node index -> parent node index (None: target)
        self.depths: dict[int, list[int]] = {}
        self.enabled: dict[int, set[str]] = {}  # org id -> plugins on there (memo for org_created)

    def _error(self, index: int, field: str, msgid: str, params: dict) -> None:
        self.errors.append((index, ProvisionError(self.nodes[index].ref, field, msgid, params)))

    def plan(self, nodes: list[NodeSpec], existing: dict[str, OrgUnit]) -> None:
        """Decide for every node: existing (checked against the document), new, or skipped."""
        self.nodes = nodes
        index_of: dict[str, int] = {}
        depth_of: dict[int, int] = {}
        for index, node in enumerate(nodes):
            if node.parent_code is None:
                parent_index, depth = None, 1
            elif node.parent_code in index_of:
                parent_index = index_of[node.parent_code]
                depth = depth_of[parent_index] + 1
            else:  # its parent failed; the parent's error is already reported
                continue
            org = existing.get(node.code)
            if org is not None:
                if parent_index is None:
                    parent_id = self.target.id if self.target else None
                else:  # a new parent has no id yet, and an existing org cannot be below it
                    parent_id = getattr(self.orgs.get(parent_index), "id", -1)
                if org.parent_id != parent_id or org.level != node.level:
                    self._error(index, "code",
                                N_('code "{code}" already belongs to the {level} "{name}" (org {org}) '
                                   "elsewhere in the tree"),
                                {"code": node.code, "level": org.level, "name": org.name, "org": org.id})
                    continue
                if org.name != node.name:
                    self._error(index, "name",
                                N_('org "{code}" exists with the name "{name}", not "{wanted}"; '
                                   "rename it instead of provisioning"),
                                {"code": node.code, "name": org.name, "wanted": node.name})
                    continue
                self.orgs[index] = org
            else:
                self.new.add(index)
            self.parent_of[index] = parent_index
            index_of[node.code] = index
            depth_of[index] = depth
            self.depths.setdefault(depth, []).append(index)

    async def create_depth(self, depth: int) -> None:
        """Insert every new node of ``depth`` at once, then give them their paths at once."""
        made = []
        for index in self.depths[depth]:
            if index not in self.new:
                continue
            node, parent = self.nodes[index], self._parent(index)
            # Paths are unique and made of ids: until the ids exist each row holds a placeholder
            # that no subtree query can match ("#" never starts a path) and its unique code keeps apart.
            org = OrgUnit(parent_id=parent.id if parent else None, level=node.level, name=node.name,
                          code=node.code, path=f"#{node.code}")
            made.append((org, parent))
            self.orgs[index] = org
        if not made:
            return
        self.session.add_all([org for org, _parent in made])
        await self.session.flush()  # the path is made of ids, so the ids come first
        for org, parent in made:
            org.path = f"{parent.path if parent else '/'}{org.id}/"
        await self.session.flush()

    def _parent(self, index: int) -> OrgUnit | None:
        parent_index = self.parent_of[index]
        return self.target if parent_index is None else self.orgs[parent_index]

    async def settle(self, index: int) -> None:
        """Announce a new node, then give the node its accounts and modules."""
        node, org = self.nodes[index], self.orgs[index]
        if index in self.new:
            await self._announce(index, org)
            self.result.created["orgs"] += 1
            self.result.nodes.append({"ref": node.ref, "code": node.code, "status": "created"})
        else:
            self.result.existing["orgs"] += 1
            self.result.nodes.append({"ref": node.ref, "code": node.code, "status": "existing"})
        await self._admins(index, node, org)
        if node.modules:
            errors: list[ProvisionError] = []
            await _enable_modules(self.session, org, node, self.actor_id, self.result, errors)
            self.errors.extend((index, e) for e in errors)
            self.enabled.pop(org.id, None)  # what is on here may have changed

    async def _announce(self, index: int, org: OrgUnit) -> None:
        # A new node has no module settings of its own, so the plugins on at it are those on at
        # its parent: ask once per parent instead of twice per node.
        parent = self._parent(index)
        plugins = get_plugin_manager()
        if parent is None:
            await events.org_created(self.session, org)
            return
        if parent.id not in self.enabled:
            self.enabled[parent.id] = await ModuleService(self.session, plugins).enabled_ids(parent)
        enabled = self.enabled[parent.id]
        self.enabled[org.id] = enabled
        if enabled:
            await plugins.call("org_created", enabled, org=org, session=self.session)

    async def _admins(self, index: int, node: NodeSpec, org: OrgUnit) -> None:
        users = UserService(self.session)
        for admin in node.admins:
            user = await users.by_username(admin.username)
            if user is None:
                if not admin.password:
                    self._error(index, "password",
                                N_('account "{username}" does not exist; give it a password'),
                                {"username": admin.username})
                    continue
                user = await users.create(admin.username, admin.password, admin.display_name)
                self.result.created["users"] += 1
            else:
                self.result.existing["users"] += 1
            _assignment, created = await users.grant(user, admin.role, org, self.actor_id)
            if created:
                self.result.created["roles"] += 1
                self.result.new_links.append((user.id, admin.role, org.path))
            else:
                self.result.existing["roles"] += 1


async def _enable_modules(session: AsyncSession, org: OrgUnit, node: NodeSpec, actor_id: int | None,
                          result: ProvisionResult, errors: list[ProvisionError]) -> None:
    # Through the module service, so the plugin's module_enabled hook seeds its defaults
    # exactly as if someone had switched the module on in the console.
    modules = ModuleService(session)
    for plugin in node.modules:
        stmt = select(OrgModule).where(OrgModule.org_id == org.id, OrgModule.plugin == plugin)
        if (await session.execute(stmt)).scalar_one_or_none() is not None:
            result.existing["modules"] += 1
            continue
        try:
            await modules.set(org, plugin, True, None, actor_id)
        except DomainError as exc:
            errors.append(ProvisionError(node.ref, "modules", N_('module "{module}": {reason}'),
                                         {"module": plugin, "reason": message_of(exc)}))
            continue
        result.created["modules"] += 1
