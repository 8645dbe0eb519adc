"""Topics (一事一答), information officers' visit diaries (民情日志) and the 七公开 disclosures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid, NotFound
from core.people.models import Person
from plugins.demands.models import Demand, DiaryEntry, Disclosure, Topic
from plugins.demands.services._common import community_of, get_demand, record, today
from plugins.demands.services.intake import DemandService
from plugins.demands.vocab import DISCLOSURE_KEYS, OPEN_STATUSES
from tenants.models import OrgUnit


class TopicService:
    """One topic, one reply: merge demands on the same issue and answer them together."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, org: OrgUnit, title: str, demand_ids: list[int], by_user_id: int | None
    ) -> Topic:
        """Open a topic and put open demands of the community in it."""
        community = await community_of(self.session, org)
        if not title.strip():
            raise Invalid(N_("{field} is required"), field="title")
        if not demand_ids:
            raise Invalid(N_("{field} is required"), field="demand_ids")
        topic = Topic(org_id=community.id, title=title.strip()[:200])
        self.session.add(topic)
        await self.session.flush()
        await self.add(topic.id, demand_ids, by_user_id)
        return topic

    async def get(self, topic_id: int) -> Topic:
        """A topic of the scope."""
        topic = await self.session.get(Topic, topic_id) if 0 < topic_id < 2**31 else None
        if topic is None:
            raise NotFound(
                N_("topic {id} not found here"), field="topic_id", params={"id": topic_id}
            )
        return topic

    async def add(
        self, topic_id: int, demand_ids: list[int], by_user_id: int | None
    ) -> list[Demand]:
        """Put more demands into a topic (each must be open and of the topic's community)."""
        topic = await self.get(topic_id)
        added = []
        for demand_id in demand_ids:
            demand = await get_demand(self.session, demand_id, field="demand_ids")
            if demand.org_id != topic.org_id or demand.status not in OPEN_STATUSES:
                raise Conflict(
                    N_("demand {id} cannot join this topic"),
                    field="demand_ids",
                    params={"id": demand_id},
                )
            demand.topic_id = topic.id
            record(self.session, demand, "topic", topic.title, by_user_id, topic.org_id)
            added.append(demand)
        await self.session.flush()
        return added

    async def members(self, topic_id: int) -> list[Demand]:
        """The demands of a topic."""
        stmt = select(Demand).where(Demand.topic_id == topic_id).order_by(Demand.id)
        return list((await self.session.execute(stmt)).scalars())

    async def answer(self, topic_id: int, answer: str, by_user_id: int | None) -> list[Demand]:
        """Answer the topic once: every open demand in it is closed with that answer, each resident told."""
        from plugins.demands.services.handling import HandlingService

        topic = await self.get(topic_id)
        if not answer.strip():
            raise Invalid(N_("{field} is required"), field="answer")
        topic.answer, topic.answered_on = answer.strip(), today()
        closed = []
        handling = HandlingService(self.session)
        for demand in await self.members(topic.id):
            if demand.status in OPEN_STATUSES and demand.status != "escalated":
                closed.append(await handling.close(demand.id, answer, by_user_id))
        await self.session.flush()
        return closed

    async def list(self) -> list[Topic]:
        """Topics of the scope, newest first."""
        return list((await self.session.execute(select(Topic).order_by(Topic.id.desc()))).scalars())


class DiaryService:
    """民情日志: visit notes of information officers."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org: OrgUnit,
        visited_on: date,
        note: str,
        officer_user_id: int | None,
        person_id: int | None = None,
    ) -> DiaryEntry:
        """Write a visit note."""
        community = await community_of(self.session, org)
        if not note.strip():
            raise Invalid(N_("{field} is required"), field="note")
        if visited_on > today():
            raise Invalid(N_("{field} is in the future"), field="visited_on")
        if person_id is not None and await self.session.get(Person, person_id) is None:
            raise NotFound(
                N_("person {id} not found here"), field="person_id", params={"id": person_id}
            )
        entry = DiaryEntry(
            org_id=community.id,
            visited_on=visited_on,
            note=note.strip(),
            officer_user_id=officer_user_id,
            person_id=person_id,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def list(self) -> list[DiaryEntry]:
        """Diary entries of the scope, newest first."""
        stmt = select(DiaryEntry).order_by(DiaryEntry.visited_on.desc(), DiaryEntry.id.desc())
        return list((await self.session.execute(stmt)).scalars())

    async def to_demand(
        self, org: OrgUnit, entry_id: int, category: str, content: str, by_user_id: int | None
    ) -> Demand:
        """Turn a diary entry into a demand (channel: home visit), once."""
        entry = await self.session.get(DiaryEntry, entry_id) if 0 < entry_id < 2**31 else None
        if entry is None:
            raise NotFound(
                N_("diary entry {id} not found here"), field="entry_id", params={"id": entry_id}
            )
        if entry.demand_id is not None:
            raise Conflict(
                N_("diary entry {id} is already demand {demand}"),
                field="entry_id",
                params={"id": entry.id, "demand": entry.demand_id},
            )
        community = await self.session.get(OrgUnit, entry.org_id)
        demand = await DemandService(self.session).create(
            community,
            channel="home_visit",
            category=category,
            content=content or entry.note,
            received_on=entry.visited_on,
            person_id=entry.person_id,
            by_user_id=by_user_id,
        )
        entry.demand_id = demand.id
        await self.session.flush()
        return demand


class DisclosureService:
    """七公开: the community's public statement of how demands are handled."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def read(self, org: OrgUnit) -> dict[str, str]:
        """Every disclosure key with its text ('' where none is written yet)."""
        stmt = select(Disclosure).where(Disclosure.org_id == org.id)
        found = {d.key: d.body for d in (await self.session.execute(stmt)).scalars()}
        return {key: found.get(key, "") for key in DISCLOSURE_KEYS}

    async def write(self, org: OrgUnit, items: dict[str, str]) -> dict[str, str]:
        """Replace the texts given (unknown keys refused, naming them)."""
        community = await community_of(self.session, org)
        for key in items:
            if key not in DISCLOSURE_KEYS:
                raise Invalid(N_("{field} is not one of the seven disclosures"), field=key)
            if len(items[key]) > 5000:
                raise Invalid(
                    N_("{field} is longer than {limit} characters"),
                    field=key,
                    params={"limit": 5000},
                )
        stmt = select(Disclosure).where(Disclosure.org_id == community.id)
        rows = {d.key: d for d in (await self.session.execute(stmt)).scalars()}
        for key, body in items.items():
            if key in rows:
                rows[key].body = body.strip()
            else:
                self.session.add(Disclosure(org_id=community.id, key=key, body=body.strip()))
        await self.session.flush()
        return await self.read(community)
