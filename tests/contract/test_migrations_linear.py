"""Every migration branch (core's and each plugin's) is one line: exactly one head per base."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from core.migrations import alembic_config


def test_each_branch_has_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    bases = [r for r in script.walk_revisions() if r.down_revision is None]
    heads = script.get_heads()
    assert len(heads) == len(bases), (
        f"{len(heads)} heads for {len(bases)} branches: re-chain the new revision after the "
        f"branch's current head (heads: {sorted(heads)})"
    )
