"""Guardian consents for the home's purposes, kept in the kernel's consent table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from core.privacy.models import Consent
from plugins.children.models import Child
from plugins.children.services._common import CARE, CUSTODY, get_in_scope, person_in_scope

PURPOSES = (CARE, CUSTODY)


class ConsentService:
    """Record and withdraw a guardian's consent for one of the home's purposes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        child: Child,
        *,
        purpose: str,
        guardian_name: str,
        relation: str,
        guardian_person_id: int | None,
        document: str,
        user_id: int,
    ) -> Consent:
        """Record a consent (one active per purpose: a second is a conflict)."""
        if purpose not in PURPOSES:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="purpose",
                params={"allowed": ", ".join(PURPOSES)},
            )
        if guardian_person_id is not None:
            await person_in_scope(self.session, guardian_person_id, "guardian_person_id")
        active = await self.session.execute(
            select(Consent.id).where(
                Consent.person_id == child.person_id,
                Consent.purpose == purpose,
                Consent.withdrawn_at.is_(None),
            )
        )
        if active.first() is not None:
            raise Conflict(
                N_("a consent for purpose {purpose} is already active"),
                field="purpose",
                params={"purpose": purpose},
            )
        consent = Consent(
            org_id=child.org_id,
            person_id=child.person_id,
            purpose=purpose,
            guardian_person_id=guardian_person_id,
            guardian_name=guardian_name,
            relation=relation,
            document=document,
            recorded_by=user_id,
            detail={"source": "children", "child_id": child.id},
        )
        self.session.add(consent)
        await self.session.flush()
        return consent

    async def of_child(self, child: Child) -> list[Consent]:
        """Every consent (active or withdrawn) for the child's purposes of this module."""
        rows = await self.session.execute(
            select(Consent)
            .where(Consent.person_id == child.person_id, Consent.purpose.in_(PURPOSES))
            .order_by(Consent.granted_at.desc(), Consent.id.desc())
        )
        return list(rows.scalars())

    async def withdraw(self, child: Child, consent_id: int) -> Consent:
        """Withdraw a consent: from now on the home stores no more for that purpose."""
        consent = await get_in_scope(self.session, Consent, consent_id, "consent_id")
        if consent.person_id != child.person_id or consent.purpose not in PURPOSES:
            raise Invalid(
                N_("consent {consent} is not one of child {child}'s"),
                field="consent_id",
                params={"consent": consent_id, "child": child.id},
            )
        consent.withdrawn_at = consent.withdrawn_at or utcnow()
        await self.session.flush()
        return consent
