"""The ``shequ`` command line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

import click

from core.settings import Settings, SettingsError, get_settings


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="shequ")
def main() -> None:
    """shequ (社区): community service platform."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=int, help="Web worker processes (granian).")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app and API with granian."""
    settings = _settings()
    _plugin_manager()  # a plugin that cannot load is one clear line here, not a traceback per worker
    if settings.embedded:
        if workers > 1:
            click.echo("embedded mode (no SHEQU_DATABASE_URL) runs one worker; ignoring --workers", err=True)
        workers = 1
        from core.migrations import upgrade

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.effective_database_url)
    _serve(host, port, workers)


KILL_TIMEOUT = 8
"""Seconds a web worker gets to stop after SIGTERM/SIGINT before it is killed (stop within 10 s)."""
WORKER_SHUTDOWN_MS = 4_000
"""Milliseconds a job worker waits for running jobs on SIGTERM (twice: threads, then consumers)."""


def _serve(host: str, port: int, workers: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    # granian >= 2.8 no longer hangs in serve() on shutdown (granian issue 875); the kill timeout
    # still bounds a worker whose app refuses to stop.
    Granian("core.app:create_app", address=host, port=port, interface=Interfaces.ASGI,
            workers=workers, factory=True, workers_kill_timeout=KILL_TIMEOUT).serve()


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True, help="Target revision.")
def db_upgrade(revision: str) -> None:
    """Run core's and every installed plugin's migrations."""
    from core.migrations import upgrade

    settings = _settings()
    if settings.embedded:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.effective_database_url, revision)
    click.echo(f"database at {_safe_url(settings.effective_database_url)} is at {revision}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--under", "under", default=None, help="Id or code of the org to create the subtree under "
              "(omit to create cities).")
def provision(file: Path, under: str | None) -> None:
    """Create a subtree from a YAML, JSON or XLSX document (all or nothing; re-runs change nothing)."""
    from core.cli_ops import provision_file
    from tenants.provisioning import ProvisionDocumentError

    try:
        result = asyncio.run(provision_file(_settings(), file, under))
    except ProvisionDocumentError as exc:
        for err in exc.errors:
            click.echo(f"{err.ref}: {err.field or '-'}: {err.message}", err=True)
        raise click.ClickException(f"{len(exc.errors)} error(s); nothing was created") from exc
    click.echo(result.message)


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--display-name", default="")
@click.option("--platform-admin", is_flag=True, help="May do everything everywhere.")
@click.option("--org", default=None, help="Id or code of an org to grant --role at.")
@click.option("--role", default=None, help="Role to grant at --org.")
def users_create(username: str, password: str, display_name: str, platform_admin: bool,
                 org: str | None, role: str | None) -> None:
    """Create an account (and optionally grant it a role at an org)."""
    from core.cli_ops import create_user
    from core.errors import DomainError

    if (org is None) != (role is None):
        raise click.UsageError("give --org and --role together")
    if len(password) < 8:
        raise click.UsageError("--password must be at least 8 characters")
    try:
        user_id = asyncio.run(create_user(_settings(), username, password, display_name, platform_admin, org, role))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"created user {username} (id {user_id})")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Seed and print the logins, then exit.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate, seed a demo city with a year of every module's records, print the logins, and serve."""
    from core.demo import seed_demo

    settings = _settings()
    if not settings.embedded:
        raise click.ClickException("shequ demo runs on the embedded default; unset SHEQU_DATABASE_URL")
    _plugin_manager()
    result = asyncio.run(seed_demo(settings, say=lambda text: click.echo(text, err=True)))
    click.echo(f"demo data in {settings.data_dir}")
    click.echo("logins (username / password / role):")
    for username, password, role, org in result.logins:
        click.echo(f"  {username:<12} {password:<18} {role} @ {org}")
    if not no_serve:
        click.echo(f"serving on http://{host}:{port}/  (API docs: http://{host}:{port}/schema)")
        sys.stdout.flush()
        _serve(host, port, 1)


@main.command()
@click.option("--processes", type=int, default=lambda: int(os.environ.get("SHEQU_WORKER_PROCESSES", "2")),
              show_default="SHEQU_WORKER_PROCESSES or 2", help="Worker processes.")
@click.option("--threads", type=int, default=lambda: int(os.environ.get("SHEQU_WORKER_THREADS", "4")),
              show_default="SHEQU_WORKER_THREADS or 4", help="Threads per process.")
@click.option("--queue", "queues", multiple=True, help="Only these queues (default: all).")
@click.option("--module", "modules", multiple=True, help="Extra modules declaring jobs (tests, local tools).")
def worker(processes: int, threads: int, queues: tuple[str, ...], modules: tuple[str, ...]) -> None:
    """Run background jobs from the Redis broker (Dramatiq)."""
    settings = _settings()
    if not settings.redis_url:
        raise click.ClickException("shequ worker needs SHEQU_REDIS_URL; embedded mode runs jobs inside shequ serve")
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    # Running jobs get WORKER_SHUTDOWN_MS to finish on SIGTERM/SIGINT; fetched ones that did
    # not start go back to Redis, and a job cut short is delivered again (jobs are idempotent).
    argv = ["core.jobs.worker", *modules, "--processes", str(processes), "--threads", str(threads),
            "--worker-shutdown-timeout", str(WORKER_SHUTDOWN_MS)]
    if queues:
        argv += ["--queues", *queues]
    sys.exit(dramatiq_main(make_argument_parser().parse_args(argv)))


@main.command()
@click.option("--list", "list_only", is_flag=True, help="Print the schedules and their next firing, then exit.")
def scheduler(list_only: bool) -> None:
    """Fire plugins' periodic jobs for every org where they are on (safe to run as two replicas)."""
    from core.jobs._boot import boot
    from core.jobs._scheduler import build_scheduler, describe
    from core.plugins import get_plugin_manager

    plugins = get_plugin_manager()
    for line in describe(plugins):
        click.echo(line)
    if list_only:
        return
    if not _settings().redis_url:
        raise click.ClickException("shequ scheduler needs SHEQU_REDIS_URL; embedded mode fires schedules "
                                   "inside shequ serve")
    boot()
    sched = build_scheduler(_settings(), plugins)

    def stop(_signum, _frame) -> None:
        # A firing in progress finishes in its thread (it only sends messages); no new one starts.
        sched.shutdown(wait=False)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    click.echo("scheduler running (SIGTERM or Ctrl-C stops it)")
    sched.start()
    click.echo("scheduler stopped")


@main.group()
def workdays() -> None:
    """The holiday calendar that working-day deadlines are counted on."""


@workdays.command("check")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check this holidays file instead of SHEQU_HOLIDAYS_FILE (e.g. before deploying it).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge the calendar's end from this date instead of today (China time).")
def workdays_check(file: Path | None, as_of: datetime | None) -> None:
    """Print the years the holiday calendar covers and the file's holidays; warn when it ends within 60 days."""
    from core.cli_ops import workdays_report
    from core.workdays import HolidaysFileError, today_in_china

    path = file if file is not None else _settings().holidays_file
    try:
        lines, warnings = workdays_report(path, as_of.date() if as_of else today_in_china())
    except HolidaysFileError as exc:
        for err in exc.errors:
            click.echo(f"{exc.path}: {err}", err=True)
        raise click.ClickException(f"{len(exc.errors)} error(s); shequ will not start with this file") from exc
    for line in lines:
        click.echo(line)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@main.group()
def plugins() -> None:
    """Installed plugins and the plugin scaffold."""


def _plugin_manager():
    """The installed plugins, or one clear line (not a traceback) when one cannot load."""
    from core.plugins import PluginError, get_plugin_manager

    try:
        return get_plugin_manager()
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None


@plugins.command("list")
def plugins_list() -> None:
    """Print every installed plugin with its version and titles."""
    manager = _plugin_manager()
    if not manager.ids:
        click.echo("no plugins installed")
    for pid in manager.ids:
        m = manager.manifests[pid]
        click.echo(f"{pid:<16} {m.version:<10} {m.title_zh} / {m.title_en}  "
                   f"(levels: {', '.join(m.levels)}; core {m.requires_core or 'any'})")


@plugins.command("new")
@click.argument("name")
@click.option("--title-zh", prompt="Chinese title shown in the console (中文名称)",
              help="The module's Chinese title, e.g. 失物招领.")
@click.option("--title-en", default="", help="The English title (default: the name in CamelCase).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder to create the package folder in.")
def plugins_new(name: str, title_zh: str, title_en: str, dest: Path) -> None:
    """Create a separate, installable plugin package shequ-NAME (id NAME) to start from."""
    from core.plugins import installed_plugins
    from core.scaffold import ScaffoldError, create_plugin

    try:
        folder = create_plugin(name, dest, title_zh, title_en, taken={p.id for p in installed_plugins()})
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {folder}\nnext: pip install -e '{folder}[test]' && shequ db upgrade && "
               f"(cd {folder} && python -m pytest)")


@plugins.command("remove")
@click.argument("plugin_id")
@click.option("--archive", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the module's rows to this JSON file, then drop its tables (its migration branch "
                   "is downgraded). Without it the tables are kept.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def plugins_remove(plugin_id: str, archive: Path | None, yes: bool) -> None:
    """Switch a module off everywhere before its package is uninstalled; keep or archive its data."""
    from core.cli_ops import remove_plugin

    what = f"archive its rows to {archive} and drop its tables" if archive else "keep its tables"
    if not yes:
        click.confirm(f"switch {plugin_id} off in every org and {what}?", abort=True)
    try:
        lines = asyncio.run(remove_plugin(_settings(), plugin_id, archive))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)


def _register_subcommands() -> None:
    import tenants.modules.services  # noqa: F401  (registers per-org enablement with core.plugins)
    from core.cli_privacy import privacy

    main.add_command(privacy)


_register_subcommands()


if __name__ == "__main__":  # pragma: no cover
    main()
