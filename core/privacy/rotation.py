"""Key rotation: re-encrypt every stored value with the current data key, batch by batch.

Every table of every installed plugin is covered: the columns are found by their type
(:class:`~core.privacy.types.Encrypted`) in the shared metadata. Each batch is its own short
transaction and each row is written only if it still holds the ciphertext that was read
(compare-and-set), so the app keeps serving, and writing, while a rotation runs. Readers
decrypt both the old and the new key as long as both are listed in ``SHEQU_DATA_KEY``; blind
indexes use their own key, so exact lookups are untouched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import MetaData, Table, Text, and_, bindparam, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncEngine

from core.privacy._keys import keyring
from core.privacy.types import Encrypted


def encrypted_columns(metadata: MetaData) -> dict[Table, list]:
    """Every table of ``metadata`` (core's and installed plugins', see ``core.models``) with
    encrypted columns."""
    found: dict[Table, list] = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, Encrypted)]
        if columns:
            found[table] = columns
    return found


async def key_usage(engine: AsyncEngine, metadata: MetaData) -> dict[str, Counter]:
    """How many stored values each key id encrypts, per table (for ``privacy status``)."""
    ring = keyring()
    usage: dict[str, Counter] = {}
    async with engine.connect() as conn:
        for table, columns in encrypted_columns(metadata).items():
            counts: Counter = Counter()
            for column in columns:
                raw = type_coerce(column, Text)
                for (value,) in await conn.execute(select(raw).where(column.is_not(None))):
                    counts[ring.key_id_of(value)] += 1
            usage[table.name] = counts
    return usage


async def rotate(
    engine: AsyncEngine,
    metadata: MetaData,
    batch: int = 500,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Re-encrypt every value not under the current key; return the values rewritten per table."""
    ring = keyring()
    current = ring.current_id
    rewritten: dict[str, int] = {}
    for table, columns in encrypted_columns(metadata).items():
        (pk,) = table.primary_key.columns
        raw_columns = [type_coerce(c, Text).label(c.name) for c in columns]
        last, done = None, 0
        while True:
            query = select(pk, *raw_columns).order_by(pk).limit(batch)
            if last is not None:
                query = query.where(pk > last)
            async with engine.begin() as conn:
                rows = (await conn.execute(query)).all()
                for row in rows:
                    for column in columns:
                        old = row._mapping[column.name]
                        if old is None or ring.key_id_of(old) == current:
                            continue
                        context = column.type.context
                        new = ring.encrypt(ring.decrypt(old, context), context)
                        raw = type_coerce(column, Text)
                        result = await conn.execute(
                            update(table)
                            .where(and_(pk == row[0], raw == bindparam("old", type_=Text)))
                            .values({column.name: type_coerce(bindparam("new"), Text)}),
                            {"old": old, "new": new},
                        )
                        done += result.rowcount
            if not rows:
                break
            last = rows[-1][0]
            if progress:
                progress(table.name, done)
        rewritten[table.name] = done
    return rewritten
