"""The access log: every look at a person's full data is written down, and audited."""

from __future__ import annotations

from collections.abc import Iterable

from core.privacy.models import AccessLog


async def log_access(
    ctx,
    person,
    action: str,
    fields: Iterable[str],
    reason: str = "",
    source: str = "people",
) -> AccessLog:
    """Record that ``ctx.user`` saw ``fields`` of ``person`` (in the request's transaction).

    ``ctx`` is the request's :class:`core.context.RequestContext`; ``person`` a
    :class:`core.people.models.Person`; ``action`` what happened (``reveal``,
    ``open_record``, ``export``); ``source`` the plugin id or ``people``. The entry lands at
    the person's org, so that community reviews it, and also in the audit log.
    """
    entry = AccessLog(
        org_id=person.org_id,
        person_id=person.id,
        actor_id=ctx.user.id,
        actor_name=ctx.user.username,
        action=action,
        source=source,
        fields=sorted(set(fields)),
        reason=reason,
        ip=ctx.ip,
    )
    ctx.session.add(entry)
    from tenants.models import OrgUnit

    # At the person's org, so the community that reviews its access log finds it in its audit log.
    org = await ctx.session.get(OrgUnit, person.org_id)
    await ctx.audit(
        f"privacy.{action}",
        org,
        "people:person",
        str(person.id),
        {"fields": entry.fields, "reason": reason, "source": source, "org_id": person.org_id},
    )
    return entry
