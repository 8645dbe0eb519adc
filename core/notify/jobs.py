"""The delivery job: sends an org's due messages, and queues itself again while retries wait."""

from __future__ import annotations

from core.db import utcnow
from core.jobs import actor, org_session
from core.localtime import as_utc
from core.notify._queue import ACTOR, send
from core.notify.services import Outbox
from core.plugins import Schedule, get_plugin_manager


def _notifiers() -> list:
    manager = get_plugin_manager()
    return [n for result in manager.hook.register_notifiers() for n in result or ()]


@actor(actor_name=ACTOR, max_retries=3)
async def deliver(org_id: int) -> dict[str, int]:
    """Deliver the org's due messages once; if some wait for a retry, run again when they are due."""
    async with org_session(org_id) as (session, _org):
        outbox = Outbox(session)
        counts = await outbox.deliver_due(_notifiers())
        due = await outbox.next_due() if counts["retry"] else None
    if due is not None:
        send(org_id, max(int((as_utc(due) - utcnow()).total_seconds() * 1000), 1000))
    return counts


CORE_SCHEDULES = [
    # A sweep behind the job each write queues: picks up what a lost in-memory queue or a
    # process restart left pending, and retries that are due.
    Schedule(id="notify.deliver", cron="*/10 * * * *", actor_name=ACTOR),
]
