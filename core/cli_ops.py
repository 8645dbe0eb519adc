"""The work behind CLI commands, kept apart so tests can call it directly."""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import select

from core.errors import N_, NotFound
from core.settings import Settings
from core.statecache import open_database
from tenants.models import OrgUnit
from tenants.scoping import unscoped



async def _find_org(session, ref: str) -> OrgUnit:
    stmt = select(OrgUnit).where(OrgUnit.code == ref)
    if ref.isdigit():
        stmt = select(OrgUnit).where((OrgUnit.code == ref) | (OrgUnit.id == int(ref)))
    org = (await session.execute(stmt)).scalars().first()
    if org is None:
        raise NotFound(N_("no org with id or code '{ref}'"), field="org", params={"ref": ref})
    return org


async def provision_file(settings: Settings, file: Path, under: str | None):
    """Provision ``file`` under the org with id or code ``under`` (None: the document holds cities)."""
    from tenants.provisioning import parse_document
    from tenants.provisioning.services import provision

    nodes = parse_document(file.read_bytes(), filename=file.name)
    db = open_database(settings)  # announces user, org and module changes
    try:
        async with db.session() as session:
            async with unscoped(session, "the operator's CLI acts on the whole platform"):
                target = await _find_org(session, under) if under else None
                result = await provision(session, target, nodes)
            await session.commit()
        return result
    finally:
        await db.dispose()


async def create_user(settings: Settings, username: str, password: str, display_name: str,
                      platform_admin: bool, org: str | None, role: str | None) -> int:
    """Create an account from the CLI, optionally granting a role."""
    from core.users.services import UserService

    db = open_database(settings)  # announces user, org and module changes
    try:
        async with db.session() as session:
            async with unscoped(session, "the operator's CLI acts on the whole platform"):
                service = UserService(session)
                user = await service.create(username, password, display_name, platform_admin=platform_admin)
                if org is not None:
                    await service.grant(user, role, await _find_org(session, org))
            await session.commit()
            return user.id
    finally:
        await db.dispose()


def workdays_report(holidays_file: Path | None, today: date) -> tuple[list[str], list[str]]:
    """What ``shequ workdays check`` prints: (lines, warnings) about the calendar ``holidays_file`` makes."""
    from core.workdays import WARN_DAYS, build_calendar, days_left, disagreements, package_calendar

    cal, package = build_calendar(holidays_file), package_calendar()
    lines = [f"holiday calendar: {cal.first} to {cal.last}",
             f"  chinesecalendar {version('chinesecalendar')}: {package.first.year} to {package.last.year}"]
    if holidays_file is None:
        lines.append("  holidays file: none (SHEQU_HOLIDAYS_FILE is not set)")
    else:
        years = ", ".join(str(y.year) for y in cal.file_years)
        lines.append(f"  holidays file {holidays_file}: {years} (for these years it replaces the package)")
    for section in cal.file_years:
        lines.append(f"{section.year}: {section.notice}" if section.notice else f"{section.year}:")
        for h in section.holidays:
            worked = f"; make-up working days {', '.join(map(str, h.makeup_workdays))}" if h.makeup_workdays else ""
            lines.append(f"  {h.name}: {h.first} to {h.last}, {len(h.days_off())} day(s) off{worked}")
    warnings = []
    left = days_left(cal, today)
    if left < 0:
        warnings.append(f"the holiday calendar ended on {cal.last}; every working-day deadline fails until "
                        f"{cal.last.year + 1} is added (docs/operations.md, \"Holiday calendar\")")
    elif left <= WARN_DAYS:
        warnings.append(f"the holiday calendar ends on {cal.last}, in {left} day(s); deadlines that run past it "
                        f"will fail. Add {cal.last.year + 1} to the holidays file once the State Council "
                        "publishes it (docs/operations.md, \"Holiday calendar\")")
    differ = disagreements(cal)
    if differ:
        warnings.append(f"the holidays file and the chinesecalendar package disagree on {len(differ)} day(s); "
                        "the file wins:")
        warnings += [f"  {day} {day.strftime('%A')}: {'a working day' if working else 'a day off'} in the file, "
                     f"{'a day off' if working else 'a working day'} in the package" for day, working in differ]
    return lines, warnings


async def remove_plugin(settings: Settings, plugin_id: str, archive: Path | None) -> list[str]:
    """``shequ plugins remove``: see core.removal."""
    from core.removal import remove_plugin as remove

    return await remove(settings, plugin_id, archive)
