"""``shequ privacy``: key status and rotation of the personal-data encryption key."""

from __future__ import annotations

import asyncio

import click


@click.group()
def privacy() -> None:
    """Personal-data encryption keys."""


def _engine():
    """The database engine; reading the settings first installs the keyring they name."""
    from core.db import make_engine
    from core.settings import SettingsError, get_settings

    try:
        settings = get_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    return make_engine(settings.effective_database_url)


def _metadata():
    from core.models import load_all_models

    return load_all_models()


@privacy.command("status")
def privacy_status() -> None:
    """Print how many stored values each data key encrypts, per table."""
    from core.privacy import keyring
    from core.privacy.rotation import key_usage

    engine = _engine()

    async def run():
        try:
            return await key_usage(engine, _metadata())
        finally:
            await engine.dispose()

    click.echo(f"current key: {keyring().current_id}")
    for table, counts in asyncio.run(run()).items():
        listed = ", ".join(f"{kid}: {n}" for kid, n in sorted(counts.items())) or "no values"
        click.echo(f"{table:<32} {listed}")


@privacy.command("rotate-key")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per transaction.")
def privacy_rotate(batch: int) -> None:
    """Re-encrypt every stored value with the first key of SHEQU_DATA_KEY (no downtime)."""
    from core.privacy import keyring
    from core.privacy.rotation import rotate

    engine = _engine()

    async def run():
        try:
            return await rotate(engine, _metadata(), batch)
        finally:
            await engine.dispose()

    click.echo(f"re-encrypting with key {keyring().current_id}")
    for table, n in asyncio.run(run()).items():
        click.echo(f"{table:<32} {n} value(s) re-encrypted")
