"""The kernel's notification outbox: channels from register_notifiers, retries, the log, the inbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.db import Database, utcnow
from core.jobs import dispose_job_databases
from core.localtime import as_utc
from core.notify import MAX_ATTEMPTS, Notifier, Outbox, deliver
from core.notify.models import Notification
from core.plugins import get_plugin_manager, hookimpl
from tenants.models import OrgUnit
from tenants.scoping import set_scope


class FlakyGateway:
    """A test plugin whose 'sms' channel fails once, then delivers."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.calls = 0

    async def deliver(self, session, message) -> None:
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("gateway timed out")
        self.sent.append(message.body)

    @hookimpl
    def register_notifiers(self):
        return [Notifier(channel="sms", title_zh="短信", title_en="SMS", deliver=self.deliver)]


async def _write(settings, org_id: int, **kw) -> int:
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, org_id)
            set_scope(session, org.path)
            message = await Outbox(session).enqueue(org, source="test", kind="hello", **kw)
            await session.commit()
            return message.id
    finally:
        await db.dispose()


async def _read(settings, org_id: int, message_id: int):
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, org_id)
            set_scope(session, org.path)
            message = (
                await session.execute(select(Notification).where(Notification.id == message_id))
            ).scalar_one()
            return message, await Outbox(session).deliveries(message_id)
    finally:
        await db.dispose()


async def test_hook_register_notifiers(api, settings):
    gateway = FlakyGateway()
    pm = get_plugin_manager().pm
    pm.register(gateway, name="test-sms-gateway")
    a = api.org("A")
    try:
        await dispose_job_databases()
        sms = await _write(settings, a, ref="1", body="您的诉求已受理", channel="sms")
        lost = await _write(settings, a, ref="2", body="无人投递", channel="fax")
        # writing the same (source, ref, kind, recipient) again writes nothing new
        assert await _write(settings, a, ref="1", body="again", channel="sms") == sms
        before = utcnow()
        counts = await deliver(a)
        assert counts == {"sent": 0, "retry": 2, "failed": 0}
        message, log = await _read(settings, a, sms)
        assert message.status == "pending" and message.attempts == 1
        assert "gateway timed out" in message.last_error
        assert [(d.attempt, d.ok) for d in log] == [(1, False)]
        assert as_utc(message.next_attempt_at) >= before + timedelta(seconds=29)
        # not due yet: running again changes nothing
        assert await deliver(a) == {"sent": 0, "retry": 0, "failed": 0}

        db = Database(settings.effective_database_url)
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, a)
            set_scope(session, org.path)
            outbox = Outbox(session)
            later = utcnow() + timedelta(hours=2)
            for step in range(MAX_ATTEMPTS):
                await outbox.deliver_due(
                    [*gateway.register_notifiers()], now=later + timedelta(hours=2 * step)
                )
            await session.commit()
        await db.dispose()
        message, log = await _read(settings, a, sms)
        assert (
            message.status == "sent"
            and message.attempts == 2
            and gateway.sent == ["您的诉求已受理"]
        )
        assert [(d.attempt, d.ok) for d in log] == [(1, False), (2, True)]
        failed, log = await _read(settings, a, lost)
        assert failed.status == "failed" and failed.attempts == MAX_ATTEMPTS
        assert len(log) == MAX_ATTEMPTS and "no notifier for channel 'fax'" in failed.last_error
    finally:
        pm.unregister(gateway)
        await dispose_job_databases()


async def test_inbox_shows_a_users_messages_only_to_them(api, settings):
    a = api.org("A")
    mine = await _write(
        settings, a, ref="9", body="督办提醒", recipient_user_id=api.world.users["wA"]
    )
    await dispose_job_databases()
    assert (await deliver(a))["sent"] == 1  # the inbox channel always delivers
    await dispose_job_databases()
    inbox = (await api.get("/api/v1/me/inbox", as_="wA")).json()
    assert (
        [m["id"] for m in inbox] == [mine]
        and inbox[0]["status"] == "sent"
        and inbox[0]["read_at"] is None
    )
    assert (await api.get("/api/v1/me/inbox", as_="wB")).json() == []
    r = await api.post(f"/api/v1/me/inbox/{mine}/read", as_="wB")
    assert r.status_code == 404 and "message_id" in r.json()["detail"]
    r = await api.post(f"/api/v1/me/inbox/{mine}/read", as_="wA")
    assert r.status_code == 200 and r.json()["read_at"] is not None
