"""Incident and clue reports: filing, the status flow with its steps, and their photos."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Invalid, NotFound
from core.paging import Page, paginate
from plugins.patrol.models import Member, Report, ReportPhoto, ReportStep
from plugins.patrol.services._common import as_utc, get_in_scope, kept_by_community, place
from plugins.patrol.vocab import REPORT_CATEGORIES, REPORT_STATUSES, TRANSITIONS
from tenants.models import OrgUnit

# Photos are recognised by their first bytes, never by the name or type the client sends.
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """The (content type, extension) of JPEG, PNG or WebP bytes, else None."""
    for magic, content_type, ext in _MAGIC:
        if data.startswith(magic):
            return content_type, ext
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


class ReportService:
    """Reports filed by patrols and how each is handled."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org: OrgUnit,
        *,
        category: str,
        description: str,
        occurred_at: datetime,
        reported_by: int | None,
        grid_id: int | None = None,
        reporter_member_id: int | None = None,
        location: str = "",
    ) -> Report:
        """File a report at a grid of ``org`` (or ``org`` itself); it starts as ``new``."""
        if category not in REPORT_CATEGORIES:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="category",
                params={"expected": ", ".join(REPORT_CATEGORIES)},
            )
        occurred_at = as_utc(occurred_at)
        if occurred_at > as_utc(utcnow()):
            raise Invalid(N_("occurred_at is in the future"), field="occurred_at")
        owner = await place(self.session, org, grid_id)
        if reporter_member_id is not None:
            await kept_by_community(
                self.session, Member, reporter_member_id, owner, "reporter_member_id"
            )
        report = Report(
            org_id=owner.id,
            category=category,
            description=description,
            occurred_at=occurred_at,
            reported_by=reported_by,
            reporter_member_id=reporter_member_id,
            location=location,
        )
        self.session.add(report)
        await self.session.flush()
        self.session.add(
            ReportStep(
                org_id=owner.id,
                report_id=report.id,
                from_status=None,
                to_status="new",
                by_user_id=reported_by,
            )
        )
        await self.session.flush()
        return report

    async def get(self, report_id: int) -> Report:
        """A report in scope, or 404 naming ``report_id``."""
        return await get_in_scope(self.session, Report, report_id, "report_id")

    async def list(
        self, status: str | None = None, category: str | None = None, limit: int = 200
    ) -> list[Report]:
        """Reports in scope, newest first."""
        stmt = select(Report).order_by(Report.occurred_at.desc(), Report.id.desc()).limit(limit)
        if status is not None:
            stmt = stmt.where(Report.status == status)
        if category is not None:
            stmt = stmt.where(Report.category == category)
        return list((await self.session.execute(stmt)).scalars())

    async def search(
        self, *, status: str = "", category: str = "", q: str = "", number: int = 1
    ) -> Page:
        """One page of the reports in scope, newest first; ``status`` ``open`` is new or handling,
        ``q`` looks in the description and the place."""
        stmt = select(Report).order_by(Report.occurred_at.desc(), Report.id.desc())
        if status == "open":
            stmt = stmt.where(Report.status.in_(("new", "handling")))
        elif status in REPORT_STATUSES:
            stmt = stmt.where(Report.status == status)
        if category in REPORT_CATEGORIES:
            stmt = stmt.where(Report.category == category)
        if q:
            pattern = f"%{q}%"
            stmt = stmt.where(Report.description.like(pattern) | Report.location.like(pattern))
        return await paginate(self.session, stmt, number)

    async def transition(
        self, report_id: int, to_status: str, by_user_id: int | None, note: str = ""
    ) -> Report:
        """Move a report along the status flow, recording who, when and why."""
        report = await self.get(report_id)
        if to_status not in TRANSITIONS:
            raise Invalid(
                N_("status must be one of {expected}"),
                field="to_status",
                params={"expected": ", ".join(TRANSITIONS)},
            )
        allowed = TRANSITIONS[report.status]
        if to_status not in allowed:
            if not allowed:
                raise Invalid(
                    N_("a {status} report is closed; it cannot move to {to}"),
                    field="to_status",
                    params={"status": report.status, "to": to_status},
                )
            raise Invalid(
                N_("a {status} report can move to {allowed}, not {to}"),
                field="to_status",
                params={"status": report.status, "allowed": ", ".join(allowed), "to": to_status},
            )
        step = ReportStep(
            org_id=report.org_id,
            report_id=report.id,
            from_status=report.status,
            to_status=to_status,
            by_user_id=by_user_id,
            note=note,
        )
        report.status = to_status
        self.session.add(step)
        await self.session.flush()
        return report

    async def steps(self, report_id: int) -> list[ReportStep]:
        """A report's history, oldest first."""
        stmt = (
            select(ReportStep)
            .where(ReportStep.report_id == report_id)
            .order_by(ReportStep.at, ReportStep.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def photos(self, report_id: int) -> list[ReportPhoto]:
        """A report's photos, in upload order."""
        stmt = (
            select(ReportPhoto).where(ReportPhoto.report_id == report_id).order_by(ReportPhoto.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def get_photo(self, report_id: int, photo_id: int) -> ReportPhoto:
        """One photo of a report in scope."""
        photo = await get_in_scope(self.session, ReportPhoto, photo_id, "photo_id")
        if photo.report_id != report_id:
            raise NotFound(
                N_("photo {photo} is not a photo of report {report}"),
                field="photo_id",
                params={"photo": photo_id, "report": report_id},
            )
        return photo


_STAGED = "patrol.staged_photos"


def _stage(session: AsyncSession, target: Path, data: bytes) -> None:
    """Write a file that exists under its name exactly when the session's transaction commits.

    The bytes go to ``<name>.part`` now; after the outermost commit the file is renamed to
    its name (an atomic rename on one file system). When the transaction that wrote the row
    is rolled back (a savepoint included), or the session ends without committing, the
    staging file is deleted. So a failed request leaves no orphan file, and a committed
    photo row always finds its file.
    """
    sync = session.sync_session
    if _STAGED not in sync.info:
        sync.info[_STAGED] = []
        event.listen(sync, "after_commit", _committed)
        event.listen(sync, "after_soft_rollback", _rolled_back)
        event.listen(sync, "after_transaction_end", _ended)
    part = target.with_name(target.name + ".part")
    owner = sync.get_nested_transaction() or sync.get_transaction() or sync.begin()
    # Recorded first: a write that fails half-way is cleaned up by the rollback that follows.
    sync.info[_STAGED].append((part, target, owner))
    part.write_bytes(data)


def _drop(sync, keep) -> None:
    staged = sync.info[_STAGED]
    sync.info[_STAGED] = [entry for entry in staged if keep(entry)]
    for entry in staged:
        if not keep(entry):
            entry[0].unlink(missing_ok=True)


def _committed(sync) -> None:
    if sync.in_nested_transaction():  # a savepoint released: the row is not committed yet
        return
    staged, sync.info[_STAGED] = sync.info[_STAGED], []
    for part, target, _owner in staged:
        os.replace(part, target)


def _rolled_back(sync, previous_transaction) -> None:
    def outside(entry) -> bool:
        owner = entry[2]
        while owner is not None:
            if owner is previous_transaction:
                return False
            owner = owner.parent
        return True

    _drop(sync, outside)


def _ended(sync, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended without a commit
        _drop(sync, lambda _entry: False)


class PhotoStore:
    """Report photos on disk under ``<data_dir>/uploads/patrol``, size- and type-limited."""

    def __init__(self, data_dir: Path, max_bytes: int) -> None:
        self.root = Path(data_dir) / "uploads" / "patrol"
        self.max_bytes = max_bytes

    async def add(
        self, session: AsyncSession, report: Report, data: bytes, by_user_id: int | None
    ) -> ReportPhoto:
        """Check and store one photo of ``report``; the row names the file."""
        if not data:
            raise Invalid(N_("the photo is empty"), field="file")
        if len(data) > self.max_bytes:
            raise Invalid(
                N_("the photo is larger than {limit} bytes"),
                field="file",
                params={"limit": self.max_bytes},
            )
        kind = sniff_image(data)
        if kind is None:
            raise Invalid(N_("the photo must be a JPEG, PNG or WebP image"), field="file")
        content_type, ext = kind
        # Named by org and a random id: never by anything the client chose.
        relative = Path(str(report.org_id)) / f"{report.id}-{uuid.uuid4().hex}.{ext}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written under a staging name; it takes its real name only once the row is committed.
        _stage(session, target, data)
        photo = ReportPhoto(
            org_id=report.org_id,
            report_id=report.id,
            stored_path=str(relative),
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=by_user_id,
        )
        session.add(photo)
        await session.flush()
        return photo

    def read(self, photo: ReportPhoto) -> bytes:
        """The bytes of a stored photo."""
        return (self.root / photo.stored_path).read_bytes()
