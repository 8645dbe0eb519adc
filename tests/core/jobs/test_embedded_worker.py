"""Embedded mode: the in-process worker also fires plugin schedules (no separate scheduler process)."""

from __future__ import annotations

from core.jobs import InProcessWorker, start_jobs
from core.plugins import get_plugin_manager
from core.settings import Settings


def test_in_process_worker_runs_the_plugin_schedules(tmp_path):
    broker = start_jobs(Settings(env="test", data_dir=tmp_path), get_plugin_manager().actors())
    worker = InProcessWorker(broker)
    worker.start()
    try:
        jobs = {job.id: job for job in worker.scheduler.get_jobs()}
        assert "reception:weekly-check" in jobs
        assert str(jobs["reception:weekly-check"].trigger.timezone) == "Asia/Shanghai"
        assert jobs["reception:weekly-check"].next_run_time.weekday() == 4  # Fridays
    finally:
        worker.stop()
    assert not worker.scheduler.running
    broker.close()


def test_cron_weekdays_follow_crontab_not_apscheduler():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.jobs._scheduler import cron_trigger

    start = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Sunday
    assert cron_trigger("0 18 * * 5").get_next_fire_time(None, start).strftime("%a %H:%M") == "Fri 18:00"
    assert cron_trigger("0 9 * * 0").get_next_fire_time(None, start).strftime("%a %d") == "Sun 29"
    assert cron_trigger("0 9 * * 7").get_next_fire_time(None, start).strftime("%a") == "Sun"
    assert cron_trigger("30 8 * * 1-5").get_next_fire_time(None, start).strftime("%a %H:%M") == "Mon 08:30"
    assert cron_trigger("0 20 * * *").get_next_fire_time(None, start).strftime("%a %H:%M") == "Sun 20:00"
