"""Queueing the delivery job by its name, so writing a message needs no import of the job itself."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from core.jobs import broker_running, current_broker

log = logging.getLogger("shequ.notify")
ACTOR = "core.notify.deliver"
_PENDING_KEY = "shequ_notify_orgs"


def send(org_id: int, delay_ms: int | None = None) -> None:
    """Queue one delivery run for ``org_id`` (later by ``delay_ms``), if a job runtime is up."""
    if not broker_running():  # no job runtime in this process (CLI seeding): the sweep picks it up
        return
    try:
        actor = current_broker().get_actor(ACTOR)
        if delay_ms:
            actor.send_with_options(args=(org_id,), delay=delay_ms)
        else:
            actor.send(org_id)
    except Exception:  # noqa: BLE001 - the message is safe in the outbox; a later run delivers it
        log.exception("could not queue notification delivery for org %s", org_id)


def deliver_soon(session: AsyncSession, org_id: int) -> None:
    """Queue the delivery job for ``org_id`` once the session's transaction commits."""
    sync = session.sync_session
    pending: set[int] | None = sync.info.get(_PENDING_KEY)
    if pending is None:
        pending = sync.info[_PENDING_KEY] = set()

        def after_commit(_session) -> None:
            for oid in sorted(sync.info.pop(_PENDING_KEY, set())):
                send(oid)

        # A rolled-back message is gone, and a job that finds nothing to send is harmless.
        event.listen(sync, "after_commit", after_commit, once=True)
    pending.add(org_id)
