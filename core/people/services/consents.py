"""Guardian consents: record, list and withdraw, for purposes core and plugins declare."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from core.people.models import Person
from core.people.services._common import get_row
from core.privacy import Purpose
from core.privacy.models import Consent

BUILTIN_PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        "register_sensitive",
        "登记敏感信息",
        "Keep sensitive register data",
        "The register keeps a minor's sensitive tags (e.g. 留守儿童, 残疾, 低保).",
    ),
)


def purposes(plugins=None) -> dict[str, Purpose]:
    """Every consent purpose: core's and those plugins declare through ``register_consent_purposes``."""
    from core.plugins import get_plugin_manager

    plugins = plugins or get_plugin_manager()
    found = {p.code: p for p in BUILTIN_PURPOSES}
    for pid in plugins.ids:
        for purpose in plugins.collect_plugin(pid, "register_consent_purposes"):
            found.setdefault(purpose.code, purpose)
    return found


class ConsentService:
    """Consents of the persons in the session's scope."""

    def __init__(self, session: AsyncSession, plugins=None) -> None:
        self.session = session
        self.plugins = plugins

    async def record(self, person: Person, data: dict[str, Any], actor_id: int | None) -> Consent:
        """Record a guardian's consent for a declared purpose."""
        known = purposes(self.plugins)
        if data["purpose"] not in known:
            raise Invalid(
                N_("{field}: unknown purpose {purpose}; declared purposes: {expected}"),
                field="purpose",
                params={"purpose": data["purpose"], "expected": ", ".join(sorted(known))},
            )
        for key in ("guardian_name", "relation"):
            if not (data.get(key) or "").strip():
                raise Invalid(N_("{field} must not be empty"), field=key)
        guardian_id = data.get("guardian_person_id")
        if guardian_id is not None:
            await get_row(self.session, Person, guardian_id, "guardian_person_id", "person")
        consent = Consent(
            org_id=person.org_id,
            person_id=person.id,
            purpose=data["purpose"],
            guardian_person_id=guardian_id,
            guardian_name=data["guardian_name"].strip(),
            relation=data["relation"].strip(),
            document=(data.get("document") or "").strip(),
            recorded_by=actor_id,
        )
        self.session.add(consent)
        await self.session.flush()
        return consent

    async def of_person(self, person_id: int) -> list[Consent]:
        """A person's consents, newest first."""
        stmt = (
            select(Consent)
            .where(Consent.person_id == person_id)
            .order_by(Consent.granted_at.desc(), Consent.id.desc())
        )
        return list((await self.session.execute(stmt)).scalars())

    async def in_org(self, path: str, active_only: bool = False, limit: int = 500) -> list[Consent]:
        """Consents of the subtree at ``path`` (for the console's consents page)."""
        stmt = select(Consent).where(Consent.org_path.startswith(path))
        if active_only:
            stmt = stmt.where(Consent.withdrawn_at.is_(None))
        return list(
            (
                await self.session.execute(stmt.order_by(Consent.granted_at.desc()).limit(limit))
            ).scalars()
        )

    async def withdraw(self, person_id: int, consent_id: int) -> Consent:
        """Mark a consent withdrawn (from now on the purpose is refused again)."""
        consent = await get_row(self.session, Consent, consent_id, "consent_id", "consent")
        if consent.person_id != person_id:
            raise Invalid(
                N_("{field}: consent {id} is not this person's"),
                field="consent_id",
                params={"id": consent_id},
            )
        if consent.withdrawn_at is not None:
            raise Conflict(
                N_("{field}: consent {id} was already withdrawn"),
                field="consent_id",
                params={"id": consent_id},
            )
        consent.withdrawn_at = utcnow()
        await self.session.flush()
        return consent
