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
from tenants.models import OrgModule, OrgUnit
from tenants.modules.services import ModuleService
from tenants.orgs.services import OrgService
from tenants.provisioning._parse import NodeSpec, ProvisionDocumentError, ProvisionError
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
    total)`` is called after each node (a background job shows it to the person waiting).
    """
    validate_plan(nodes, target.level if target else None, allowed_roles=set(BASE_ROLES), known_modules=known_modules)
    orgs, users = OrgService(session), UserService(session)
    result = ProvisionResult()
    errors: list[ProvisionError] = []
    existing = await _existing_by_code(session, [n.code for n in nodes])
    placed: dict[str, OrgUnit] = {}
    for done, node in enumerate(nodes):
        if progress is not None:
            progress(done, len(nodes))
        if node.parent_code is None:
            parent = target
        elif node.parent_code in placed:
            parent = placed[node.parent_code]
        else:  # its parent failed; the parent's error is already reported
            continue
        org = existing.get(node.code)
        if org is not None:
            if org.parent_id != (parent.id if parent else None) or org.level != node.level:
                errors.append(
                    ProvisionError(
                        node.ref,
                        "code",
                        N_('code "{code}" already belongs to the {level} "{name}" (org {org}) '
                           "elsewhere in the tree"),
                        {"code": node.code, "level": org.level, "name": org.name, "org": org.id},
                    )
                )
                continue
            if org.name != node.name:
                errors.append(
                    ProvisionError(
                        node.ref,
                        "name",
                        N_('org "{code}" exists with the name "{name}", not "{wanted}"; '
                           "rename it instead of provisioning"),
                        {"code": node.code, "name": org.name, "wanted": node.name},
                    )
                )
                continue
            result.existing["orgs"] += 1
            result.nodes.append({"ref": node.ref, "code": node.code, "status": "existing"})
        else:
            org = await orgs.create(parent, node.level, node.name, node.code)
            await events.org_created(session, org)
            result.created["orgs"] += 1
            result.nodes.append({"ref": node.ref, "code": node.code, "status": "created"})
        placed[node.code] = org
        for admin in node.admins:
            user = await users.by_username(admin.username)
            if user is None:
                if not admin.password:
                    errors.append(
                        ProvisionError(
                            node.ref,
                            "password",
                            N_('account "{username}" does not exist; give it a password'),
                            {"username": admin.username},
                        )
                    )
                    continue
                user = await users.create(admin.username, admin.password, admin.display_name)
                result.created["users"] += 1
            else:
                result.existing["users"] += 1
            _assignment, created = await users.grant(user, admin.role, org, actor_id)
            if created:
                result.created["roles"] += 1
                result.new_links.append((user.id, admin.role, org.path))
            else:
                result.existing["roles"] += 1
        await _enable_modules(session, org, node, actor_id, result, errors)
    if errors:
        raise ProvisionDocumentError(errors)
    if progress is not None:
        progress(len(nodes), len(nodes))
    return result


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
