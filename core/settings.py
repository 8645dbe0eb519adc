"""Settings read from ``SHEQU_*`` environment variables.

No database or Redis URL means the embedded default: SQLite in the data directory,
in-process cache, rate limits and job worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_SECRET = "change-me-shequ-development-secret"


class SettingsError(RuntimeError):
    """The configuration cannot be used (e.g. production with the default secret)."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"SHEQU_{name}")
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"SHEQU_{name} must be an integer, got {raw!r}") from exc


def _env_bool(name: str) -> bool | None:
    raw = _env(name)
    if raw is None:
        return None
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"SHEQU_{name} must be 1 or 0, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Process-wide configuration; build it with :func:`load_settings`."""

    env: str = "development"
    data_dir: Path = field(default_factory=lambda: Path(".shequ").resolve())
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: str = DEFAULT_SECRET
    token_ttl_seconds: int = 8 * 3600
    login_rate_limit: str = "5/minute"
    default_language: str = "zh_CN"
    json_logs: bool = False
    log_level: str = "INFO"
    redis_prefix: str = "shequ"
    worker_in_process: bool | None = None
    hsts_seconds: int = 0  # Strict-Transport-Security max-age; 0 sends no header

    @property
    def in_process_worker(self) -> bool:
        """Run job worker threads inside the web process: always when embedded, else if asked.

        A single-server deployment on PostgreSQL and Redis may set SHEQU_WORKER_IN_PROCESS=1
        instead of running ``shequ worker``; with several web processes every one consumes.
        """
        if self.worker_in_process is not None:
            return self.worker_in_process
        return self.embedded or not self.redis_url
    # Holidays and make-up working days for years the chinesecalendar package does not know yet.
    holidays_file: Path | None = None
    # Personal-data keys (core/privacy): "id:base64,id:base64" (first encrypts) and a base64
    # blind-index key. Unset means the public development keys, refused in production.
    data_key: str | None = None
    index_key: str | None = None

    @property
    def embedded(self) -> bool:
        """True when running on the embedded default (no external database)."""
        return self.database_url is None

    @property
    def effective_database_url(self) -> str:
        """The SQLAlchemy URL to connect to; SQLite under the data dir when unset."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'shequ.sqlite3'}"

    @property
    def is_production(self) -> bool:
        """True in production mode, where unsafe defaults are refused."""
        return self.env == "production"

    def check(self) -> None:
        """Refuse configurations that must never run; load the holiday calendar they name."""
        if self.env not in ("development", "production", "test"):
            raise SettingsError(f"SHEQU_ENV must be development, production or test, got {self.env!r}")
        if self.is_production and self.secret_key == DEFAULT_SECRET:
            raise SettingsError("SHEQU_SECRET_KEY must be set in production (the default secret is public)")
        if self.hsts_seconds < 0:
            raise SettingsError(f"SHEQU_HSTS_SECONDS must be 0 or more, got {self.hsts_seconds}")
        if self.is_production and len(self.secret_key) < 32:
            raise SettingsError("SHEQU_SECRET_KEY must be at least 32 characters in production")
        self._configure_privacy_keys()
        self._load_holiday_calendar()

    def _configure_privacy_keys(self) -> None:
        # A leaf module (no import back into settings): every process installs its keyring here.
        from core.privacy._keys import DEV_DATA_KEY, DEV_INDEX_KEY, KeyConfigError, configure

        if self.is_production and self.data_key in (None, DEV_DATA_KEY):
            raise SettingsError("SHEQU_DATA_KEY must be set in production (personal data is encrypted with it)")
        if self.is_production and self.index_key in (None, DEV_INDEX_KEY):
            raise SettingsError("SHEQU_INDEX_KEY must be set in production (it keys exact lookups)")
        try:
            configure(self.data_key, self.index_key)
        except KeyConfigError as exc:
            raise SettingsError(str(exc)) from exc

    def _load_holiday_calendar(self) -> None:
        # Every process checks its settings at start-up (web, worker, scheduler, the migration
        # Job), so a bad holidays file stops them all there, naming its lines, instead of
        # failing a deadline later; it also puts the file's calendar in place for core.workdays.
        from core.workdays import HolidaysFileError, load_calendar

        try:
            load_calendar(self.holidays_file)
        except HolidaysFileError as exc:
            raise SettingsError(f"SHEQU_HOLIDAYS_FILE {exc}") from exc


def load_settings() -> Settings:
    """Read settings from the environment and check them."""
    settings = Settings(
        env=_env("ENV", "development"),
        data_dir=Path(_env("DATA_DIR", ".shequ")).resolve(),
        database_url=_env("DATABASE_URL"),
        redis_url=_env("REDIS_URL"),
        secret_key=_env("SECRET_KEY", DEFAULT_SECRET),
        token_ttl_seconds=_env_int("TOKEN_TTL_SECONDS", 8 * 3600),
        login_rate_limit=_env("LOGIN_RATE_LIMIT", "5/minute"),
        default_language=_env("LANGUAGE", "zh_CN"),
        json_logs=_env("JSON_LOGS", "0") in ("1", "true", "yes"),
        log_level=_env("LOG_LEVEL", "INFO").upper(),
        redis_prefix=_env("REDIS_PREFIX", "shequ"),
        worker_in_process=_env_bool("WORKER_IN_PROCESS"),
        hsts_seconds=_env_int("HSTS_SECONDS", 0),
        holidays_file=Path(_env("HOLIDAYS_FILE")).resolve() if _env("HOLIDAYS_FILE") else None,
        data_key=_env("DATA_KEY"),
        index_key=_env("INDEX_KEY"),
    )
    settings.check()
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return load_settings()
