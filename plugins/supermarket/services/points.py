"""Points in: volunteer service credited once per (source, ref), and staff awards with approval."""

from __future__ import annotations

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Forbidden, Invalid
from plugins.supermarket.models import Award, Txn
from plugins.supermarket.services._common import (
    community_of,
    config_of,
    get_in_scope,
    person_here,
    require_community,
)
from plugins.supermarket.services.expiry import refuse_if_expired
from plugins.supermarket.services.ledger import LedgerService
from tenants.models import OrgUnit
from tenants.scoping import unscoped

log = structlog.get_logger(__name__)


class VolunteerCredits:
    """Turns ``volunteer_service_recorded`` / ``_reversed`` into ledger transactions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _earned(self, community: OrgUnit, source: str, ref: str) -> Txn | None:
        stmt = select(Txn).where(
            Txn.org_id == community.id, Txn.kind == "earned", Txn.source == source, Txn.ref == ref
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def credit(
        self,
        org: OrgUnit,
        *,
        person_id: int,
        hours: float,
        source: str,
        ref: str,
        user_id: int | None = None,
    ) -> Txn | None:
        """Credit ``hours`` × the configured rate to the person at the community, once."""
        community = await community_of(self.session, org)
        rate = int((await config_of(self.session, community))["points_per_hour"])
        points = int(round(float(hours) * rate))
        if points <= 0:
            return None
        # The emitter's session may be scoped to a grid; the ledger is the community's.
        async with unscoped(self.session, "volunteer points are kept by the community"):
            ledger = LedgerService(self.session)
            account = await ledger.person_account(community, person_id, lock=True)
            # The person's lock serialises deliveries of the same service; the unique
            # (org, kind, source, ref) constraint is the backstop.
            done = await self._earned(community, source, ref)
            if done is not None:
                return done
            return await ledger.post(
                community,
                "earned",
                person_id,
                points,
                reason="volunteer_service",
                source=source,
                ref=ref,
                hours=float(hours),
                by_user_id=user_id,
                person_account=account,
            )

    async def reverse(self, org: OrgUnit, *, source: str, ref: str) -> Txn | None:
        """Reverse what was credited for ``(source, ref)``, once; nothing if nothing was."""
        community = await community_of(self.session, org)
        async with unscoped(self.session, "volunteer points are kept by the community"):
            earned = await self._earned(community, source, ref)
            if earned is None:
                return None
            taken = await self.session.execute(select(Txn.id).where(Txn.reverses_id == earned.id))
            if taken.first() is not None:
                return None
            try:
                await refuse_if_expired(self.session, community, earned)
                return await LedgerService(self.session).reverse(
                    community, earned, reason="volunteer_service_reversed", by_user_id=None
                )
            except Conflict as exc:
                # The points are gone (spent or expired): the ledger never goes below zero nor
                # takes them twice, and the source's own correction must not fail for it.
                log.warning("volunteer points not reversed", source=source, ref=ref, txn=earned.id,
                            why=exc.detail)
                return None


class AwardService:
    """Points a staff member awards; above the threshold a second staff member approves."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, org: OrgUnit, *, person_id: int, points: int, reason: str, by_user_id: int
    ) -> Award:
        """Award points: posted at once up to the threshold, else waiting for approval."""
        require_community(org)
        if points <= 0:
            raise Invalid(N_("{field} must be a positive number"), field="points")
        if not reason.strip():
            raise Invalid(N_("{field} is required"), field="reason")
        await person_here(self.session, person_id)
        threshold = int((await config_of(self.session, org))["award_approval_threshold"])
        award = Award(
            org_id=org.id,
            person_id=person_id,
            points=points,
            reason=reason,
            requested_by=by_user_id,
            status="pending",
        )
        self.session.add(award)
        await self.session.flush()
        if points <= threshold:
            await self._post(org, award, by_user_id, approved_by=None)
        return award

    async def _post(
        self, org: OrgUnit, award: Award, decided_by: int, approved_by: int | None
    ) -> None:
        txn = await LedgerService(self.session).post(
            org,
            "awarded",
            award.person_id,
            award.points,
            reason=award.reason,
            source="supermarket",
            ref=f"award:{award.id}",
            by_user_id=award.requested_by,
            approved_by_user_id=approved_by,
        )
        award.status, award.txn_id = "approved", txn.id
        award.decided_by, award.decided_at = decided_by, utcnow()
        await self.session.flush()

    async def decide(self, org: OrgUnit, award_id: int, *, approve: bool, by_user_id: int) -> Award:
        """Approve or reject a waiting award; the requester cannot approve their own (403)."""
        award = await get_in_scope(self.session, Award, award_id, "award_id")
        if award.status != "pending":
            raise Conflict(
                N_("award {award} is already decided"), field="award_id", params={"award": award.id}
            )
        if award.requested_by == by_user_id:
            raise Forbidden(
                N_("a second staff member must approve award {award}"),
                field="award_id",
                params={"award": award.id},
            )
        if approve:
            await self._post(org, award, by_user_id, approved_by=by_user_id)
        else:
            award.status, award.decided_by, award.decided_at = "rejected", by_user_id, utcnow()
            await self.session.flush()
        return award

    async def list(self, status: str | None = None) -> list[Award]:
        """Awards in scope, newest first."""
        stmt = select(Award).order_by(Award.id.desc())
        if status is not None:
            stmt = stmt.where(Award.status == status)
        return list((await self.session.execute(stmt)).scalars())
