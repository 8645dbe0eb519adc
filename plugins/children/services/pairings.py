"""结对帮扶: pairings of helpers with children, their contacts (encrypted notes) and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Forbidden, Invalid
from core.localtime import local_today
from core.notify import Outbox
from core.privacy import require_consent
from core.users.models import RoleAssignment, User
from plugins.children.access import Viewer
from plugins.children.models import Child, Contact, Pairing, Reminder
from plugins.children.services._common import CARE, get_in_scope
from plugins.children.services.children import NOTE_COLUMNS, ChildService
from plugins.children.vocab import CONTACT_MODES, HELPER_KINDS
from tenants.models import OrgUnit


class PairingService:
    """Pair helpers with children, record their contacts, flag and remind the overdue."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pair(
        self,
        org: OrgUnit,
        child: Child,
        helper_user_id: int,
        helper_kind: str,
        started_on: date | None,
    ) -> Pairing:
        """Pair a helper (an account holding a role at the community) with an active child."""
        if helper_kind not in HELPER_KINDS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="helper_kind",
                params={"allowed": ", ".join(HELPER_KINDS)},
            )
        if child.status != "active":
            raise Conflict(
                N_("child {child} is archived"), field="child_id", params={"child": child.id}
            )
        holds = await self.session.execute(
            select(RoleAssignment.id)
            .where(RoleAssignment.user_id == helper_user_id, RoleAssignment.org_id == org.id)
            .limit(1)
        )
        if holds.first() is None:
            raise Invalid(
                N_("account {user} holds no role here ({field})"),
                field="helper_user_id",
                params={"user": helper_user_id},
            )
        if await ChildService(self.session).is_paired(child, helper_user_id):
            raise Conflict(
                N_("account {user} is already paired with child {child}"),
                field="helper_user_id",
                params={"user": helper_user_id, "child": child.id},
            )
        pairing = Pairing(
            org_id=org.id,
            child_id=child.id,
            helper_user_id=helper_user_id,
            helper_kind=helper_kind,
            started_on=started_on or local_today(),
        )
        self.session.add(pairing)
        await self.session.flush()
        return pairing

    async def get(self, pairing_id: int) -> Pairing:
        """A pairing of the scope, or NotFound."""
        return await get_in_scope(self.session, Pairing, pairing_id, "pairing_id")

    async def end(self, pairing: Pairing, on: date | None) -> Pairing:
        """End a pairing (the helper keeps no access from then on)."""
        if pairing.ended_on is not None:
            raise Conflict(
                N_("pairing {pairing} has already ended"),
                field="pairing_id",
                params={"pairing": pairing.id},
            )
        day = on or local_today()
        if day < pairing.started_on:
            raise Invalid(N_("{field} is before start"), field="ended_on")
        pairing.ended_on, pairing.overdue_since = day, None
        await self.session.flush()
        return pairing

    async def of_child(self, child: Child) -> list[tuple[Pairing, User]]:
        """A child's pairings, current first, with the helpers' accounts."""
        rows = await self.session.execute(
            select(Pairing, User)
            .join(User, User.id == Pairing.helper_user_id)
            .where(Pairing.child_id == child.id)
            .order_by(Pairing.ended_on.is_not(None), Pairing.id)
        )
        return [(p, u) for p, u in rows.all()]

    async def listing(self, viewer: Viewer, overdue: bool = False) -> list[tuple[Pairing, Child]]:
        """Current pairings: all for staff, the viewer's own for a helper; optionally overdue only."""
        stmt = (
            select(Pairing, Child)
            .join(Child, Child.id == Pairing.child_id)
            .where(Pairing.ended_on.is_(None), Child.status == "active")
            .order_by(Pairing.overdue_since.is_(None), Pairing.overdue_since, Pairing.id)
        )
        if not viewer.staff:
            stmt = stmt.where(Pairing.helper_user_id == viewer.user_id)
        if overdue:
            stmt = stmt.where(Pairing.overdue_since.is_not(None))
        return [(p, c) for p, c in (await self.session.execute(stmt)).all()]

    async def add_contact(
        self,
        org: OrgUnit,
        child: Child,
        viewer: Viewer,
        *,
        contact_on: date,
        mode: str,
        term: str = "",
        notes: dict[str, str | None],
    ) -> Contact:
        """Record a contact: by a paired helper or an officer, under the guardian's consent."""
        if mode not in CONTACT_MODES:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="mode",
                params={"allowed": ", ".join(CONTACT_MODES)},
            )
        if contact_on > local_today():
            raise Invalid(N_("{field} is in the future"), field="contact_on")
        if child.status != "active":
            raise Conflict(
                N_("child {child} is archived"), field="child_id", params={"child": child.id}
            )
        pairing = (
            await self.session.execute(
                select(Pairing).where(
                    Pairing.child_id == child.id,
                    Pairing.helper_user_id == viewer.user_id,
                    Pairing.ended_on.is_(None),
                )
            )
        ).scalar_one_or_none()
        if pairing is None and not viewer.officer:
            raise Forbidden(
                N_("only the child's paired helpers record contacts with child {child}"),
                field="child_id",
                params={"child": child.id},
            )
        if any(notes.get(c) for c in NOTE_COLUMNS):
            await require_consent(
                self.session, await ChildService(self.session).person(child), CARE
            )
        contact = Contact(
            org_id=org.id,
            child_id=child.id,
            pairing_id=pairing.id if pairing else None,
            helper_user_id=viewer.user_id,
            contact_on=contact_on,
            mode=mode,
            term=term,
            **{c: (notes.get(c) or None) for c in NOTE_COLUMNS},
        )
        self.session.add(contact)
        if pairing is not None and (
            pairing.last_contact_on is None or contact_on > pairing.last_contact_on
        ):
            pairing.last_contact_on = contact_on
            pairing.overdue_since = None
        await self.session.flush()
        return contact

    async def contacts(self, child: Child) -> list[Contact]:
        """A child's contacts, newest first (notes decrypted: callers log the access)."""
        rows = await self.session.execute(
            select(Contact)
            .where(Contact.child_id == child.id)
            .order_by(Contact.contact_on.desc(), Contact.id.desc())
        )
        return list(rows.scalars())

    async def flag_overdue(self, org: OrgUnit, days: int, today: date) -> dict[str, int]:
        """Flag current pairings with no contact for ``days`` days; remind helper and directors.

        Idempotent: a pairing already flagged keeps its date, and each recipient gets one
        reminder per flagged period (a unique key refuses a second).
        """
        limit = today - timedelta(days=days)
        directors = list(
            (
                await self.session.execute(
                    select(RoleAssignment.user_id).where(
                        RoleAssignment.org_id == org.id, RoleAssignment.role == "children_director"
                    )
                )
            ).scalars()
        )
        rows = await self.session.execute(
            select(Pairing)
            .join(Child, Child.id == Pairing.child_id)
            .where(Pairing.org_id == org.id, Pairing.ended_on.is_(None), Child.status == "active")
        )
        flagged = reminded = 0
        for pairing in rows.scalars():
            last = pairing.last_contact_on or pairing.started_on
            if last > limit:
                continue
            if pairing.overdue_since is None:
                pairing.overdue_since = today
                flagged += 1
            recipients = [(pairing.helper_user_id, "helper")] + [(d, "director") for d in directors]
            for user_id, recipient in recipients:
                exists = await self.session.execute(
                    select(Reminder.id).where(
                        Reminder.pairing_id == pairing.id,
                        Reminder.user_id == user_id,
                        Reminder.overdue_since == pairing.overdue_since,
                    )
                )
                if exists.first() is None:
                    self.session.add(
                        Reminder(
                            org_id=org.id,
                            pairing_id=pairing.id,
                            user_id=user_id,
                            recipient=recipient,
                            overdue_since=pairing.overdue_since,
                            days=(today - last).days,
                        )
                    )
                    await _tell_overdue(self.session, org, pairing, user_id, recipient, (today - last).days)
                    reminded += 1
        await self.session.flush()
        return {"flagged": flagged, "reminded": reminded}

    async def reminders(self, viewer: Viewer) -> list[tuple[Reminder, Pairing, Child]]:
        """Reminders addressed to the viewer (all of the community's for an officer)."""
        stmt = (
            select(Reminder, Pairing, Child)
            .join(Pairing, Pairing.id == Reminder.pairing_id)
            .join(Child, Child.id == Pairing.child_id)
            .order_by(Reminder.created_at.desc(), Reminder.id.desc())
        )
        if not viewer.officer:
            stmt = stmt.where(Reminder.user_id == viewer.user_id)
        return [(r, p, c) for r, p, c in (await self.session.execute(stmt)).all()]

    async def overdue_count(self) -> int:
        """How many current pairings of the scope are flagged overdue."""
        return int(
            (
                await self.session.execute(
                    select(func.count(Pairing.id)).where(
                        Pairing.ended_on.is_(None), Pairing.overdue_since.is_not(None)
                    )
                )
            ).scalar_one()
        )


def notes_of(contact: Contact) -> dict[str, Any]:
    """The decrypted notes of a contact by field."""
    return {c: getattr(contact, c) for c in NOTE_COLUMNS}


async def _tell_overdue(
    session: AsyncSession, org: OrgUnit, pairing: Pairing, user_id: int, recipient: str, days: int
) -> None:
    """The reminder reaches the helper's (or director's) inbox through the kernel's outbox.

    The message names no child: it says how long the pairing has gone without a contact and
    where to look; the record itself opens only for those allowed, with its access logged.
    """
    await Outbox(session).enqueue(
        org,
        source="children",
        ref=f"pairing:{pairing.id}:{pairing.overdue_since}",
        kind=f"contact_overdue:{recipient}",
        subject="结对帮扶联系提醒",
        body=(
            f"您{'负责' if recipient == 'helper' else '督导'}的一项结对帮扶已 {days} 天没有联系记录"
            f"（自 {pairing.overdue_since} 起逾期）。请在{org.name}留守儿童之家的“提醒”中查看，联系后记录。"
        ),
        recipient_user_id=user_id,
    )
