"""The web console: server-rendered pages under ``/`` with cookie sessions, CSRF and i18n.

``core.app`` mounts :func:`web_router`, :func:`static_router` and :func:`template_config`, and
wraps the app in :class:`core.web.middleware.ConsoleMiddleware`. Plugin pages (the
``register_pages`` hook) are mounted inside the web router so they share its session handling,
and their ``templates/`` folders join the Jinja search path (their pages extend ``base.html``).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from litestar import Router
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.di import Provide
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from core.web import charts, i18n
from core.web.errors import PAGE_EXCEPTION_HANDLERS, app_not_found
from core.web.middleware import ConsoleMiddleware, PageSessionMiddleware
from core.web.render import page, provide_page_context

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

__all__ = [
    "page",
    "ConsoleMiddleware",
    "app_not_found",
    "static_router",
    "template_config",
    "web_router",
]


def page_handlers() -> list:
    """Core's console pages."""
    from core.people import pages as people
    from core.people import pages_more as people_more
    from core.web.pages import account, audit, auth, dashboard, exports, members, modules, provision, runs, tree

    return [
        auth.login_form,
        auth.login_submit,
        auth.logout_submit,
        auth.choose_language,
        auth.home,
        auth.no_org,
        dashboard.dashboard,
        tree.tree,
        tree.create_node,
        tree.rename_node,
        tree.move_node,
        members.members,
        members.add_member,
        members.revoke_member,
        account.password_form,
        account.password_submit,
        account.accounts,
        account.update_account,
        modules.modules,
        modules.set_module,
        audit.audit,
        provision.provision_form,
        provision.provision_preview,
        runs.runs,
        runs.run_page,
        runs.run_file,
        runs.apply_run,
        exports.exports,
        exports.start,
        people.people_list,
        people.people_create,
        people.people_search,
        people.person_page,
        people.person_reveal,
        people.consent_record,
        people.consent_withdraw,
        people.household_page,
        people_more.units_page,
        people_more.units_create,
        people_more.consents_page,
        people_more.access_log_page,
        people_more.import_form,
        people_more.import_submit,
        people_more.export_file,
    ]


def web_router(plugin_pages: list | None = None) -> Router:
    """The console's pages plus plugin page routers, behind the cookie session."""
    return Router(
        path="/",
        route_handlers=[*page_handlers(), *(plugin_pages or [])],
        middleware=[PageSessionMiddleware],
        dependencies={"ctx": Provide(provide_page_context)},
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        include_in_schema=False,
    )


def static_router() -> Router:
    """The console's own CSS (and optional script): no CDN, intranets are offline."""
    return create_static_files_router(
        path="/static", directories=[STATIC_DIR], include_in_schema=False
    )


def plugin_template_dirs() -> list[Path]:
    """Every installed plugin's ``templates/`` folder."""
    from core.web.plugins import manager

    class _NoState:
        plugins = None

    plugins = manager(_NoState())  # type: ignore[arg-type]
    if plugins is None:
        return []
    dirs = []
    for plugin in plugins.plugins.values():
        folder = plugin.folder
        if folder is not None and (folder / "templates").is_dir():
            dirs.append(folder / "templates")
    return dirs


def jinja_environment() -> Environment:
    """Jinja with autoescaping, the console's and plugins' templates, and per-request gettext."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader([TEMPLATES_DIR, *plugin_template_dirs()])]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["swatch"] = charts.swatch_uri  # a colour as a colour: <img class="swatch" src="{{ swatch(hex) }}">
    return env


def template_config() -> TemplateConfig:
    """The TemplateConfig for ``create_app``."""
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(jinja_environment()))
