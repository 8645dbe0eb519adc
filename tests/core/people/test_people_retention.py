"""Retention per tag: the nightly job removes tags kept past their rule, audits each, and is scheduled
for every community."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import dramatiq
from people_helpers import add_person


async def test_retention_removes_expired_tags_and_audits(api):
    long_ago = (date.today() - timedelta(days=3 * 365 + 30)).isoformat()
    recent = (date.today() - timedelta(days=30)).isoformat()
    person = (
        await add_person(
            api,
            "A",
            birth_date="1950-01-01",
            tags=[
                {
                    "tag": "dibao",
                    "since": "2015-01-01",
                    "until": long_ago,
                },  # 3 years' retention: past
                {
                    "tag": "kunnan",
                    "since": "2020-01-01",
                    "until": recent,
                },  # 3 years' retention: kept
                {"tag": "veteran", "since": "1970-01-01", "until": long_ago},  # no rule: kept
            ],
        )
    ).json()
    other = (
        await add_person(
            api,
            "B",
            as_="secB",
            birth_date="1950-01-01",
            tags=[{"tag": "dibao", "until": long_ago}],
        )
    ).json()
    from core.jobs._runtime import dispose_job_databases
    from core.people.jobs import apply_retention

    try:
        assert await apply_retention(api.org("A")) == 1
        assert await apply_retention(api.org("A")) == 0  # twice is harmless
    finally:
        await (
            dispose_job_databases()
        )  # the job's engine on this loop (its thread would outlive pytest)
    shown = await api.get(f"/api/v1/orgs/{api.org('A')}/people/{person['id']}", as_="secA")
    assert shown.json()["tags"] == ["kunnan", "veteran"]
    kept = await api.get(f"/api/v1/orgs/{api.org('B')}/people/{other['id']}", as_="secB")
    assert kept.json()["tags"] == ["dibao"]  # another community's job has not run
    audit = await api.get(
        f"/api/v1/orgs/{api.org('A')}/audit", as_="secA", params={"action": "people.retention"}
    )
    assert "dibao" in audit.text and str(person["id"]) in audit.text


async def test_retention_is_scheduled_for_every_community(api):
    from dramatiq.brokers.stub import StubBroker

    from core.jobs import start_jobs
    from core.jobs._scheduler import FiringLock, all_schedules, fire
    from core.plugins import get_plugin_manager

    plugins = get_plugin_manager()
    core = [s for pid, s in all_schedules(plugins) if pid == "core"]
    assert [(s.id, s.cron) for s in core] == [("people.retention", "30 3 * * *")]
    settings = api.settings.__class__(
        env="test", data_dir=api.settings.data_dir, database_url=api.settings.database_url
    )
    broker = await asyncio.to_thread(start_jobs, settings, plugins.actors())
    assert isinstance(broker, StubBroker)
    sent = await asyncio.to_thread(
        fire, api.settings, plugins, FiringLock(settings), "core", core[0], 7
    )
    assert sent == 3
    messages = [dramatiq.Message.decode(m) for m in broker.queues["default"].queue]
    assert sorted(m.args[0] for m in messages if m.actor_name == "people.retention") == sorted(
        api.org(n) for n in ("A", "B", "D")
    )
