"""The delivery job: sends an org's due messages, and queues itself again while retries wait."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.localtime import as_utc
from core.jobs import actor, org_session

log = logging.getLogger("shequ.notify")
_PENDING_KEY = "shequ_notify_orgs"


def _notifiers() -> list:
    from core.plugins import get_plugin_manager

    manager = get_plugin_manager()
    return [n for result in manager.hook.register_notifiers() for n in result or ()]


@actor(actor_name="core.notify.deliver", max_retries=3)
async def deliver(org_id: int) -> dict[str, int]:
    """Deliver the org's due messages once; if some wait for a retry, run again when they are due."""
    from core.notify.services import Outbox

    async with org_session(org_id) as (session, _org):
        outbox = Outbox(session)
        counts = await outbox.deliver_due(_notifiers())
        due = await outbox.next_due() if counts["retry"] else None
    if due is not None:
        delay_ms = max(int((as_utc(due) - utcnow()).total_seconds() * 1000), 1000)
        _send(org_id, delay_ms)
    return counts


def _send(org_id: int, delay_ms: int | None = None) -> None:
    from core.jobs._runtime import _state

    if (
        _state.get("broker") is None
    ):  # no job runtime in this process (CLI seeding): the next run picks it up
        return
    try:
        if delay_ms:
            deliver.send_with_options(args=(org_id,), delay=delay_ms)
        else:
            deliver.send(org_id)
    except Exception:  # noqa: BLE001 - the message is safe in the outbox; a later run delivers it
        log.exception("could not queue notification delivery for org %s", org_id)


def deliver_soon(session: AsyncSession, org_id: int) -> None:
    """Queue the delivery job for ``org_id`` once the session's transaction commits."""
    sync = session.sync_session
    pending: set[int] | None = sync.info.get(_PENDING_KEY)
    if pending is None:
        pending = sync.info[_PENDING_KEY] = set()

        def after_commit(_session) -> None:
            orgs = sorted(sync.info.pop(_PENDING_KEY, set()))
            for oid in orgs:
                _send(oid)

        # A rolled-back message is gone, and a job that finds nothing to send is harmless.
        event.listen(sync, "after_commit", after_commit, once=True)
    pending.add(org_id)
