"""patrol: members become persons of the register (issue 12 item 7)

Revision ID: patrol_0002
Revises: patrol_0001
Create Date: 2026-12-03

Every existing member gets a person in the register, at the member's community, with the
member's name and phone (the phone encrypted and blind-indexed with the process keyring,
which ``core.settings.get_settings()`` configures from ``SHEQU_DATA_KEY`` /
``SHEQU_INDEX_KEY``); the member is linked to it, then the plain ``name`` and ``phone``
columns are dropped. The downgrade copies them back from the persons. Check-ins gain a
``revision``: a corrected check-out is announced under a new reference.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "patrol_0002"
down_revision = "patrol_0001"
branch_labels = None
depends_on = "0003_people"

PHONE_CONTEXT = "people_persons.phone"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")

members = sa.table(
    "patrol_members",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("phone", sa.String),
    sa.column("org_id", sa.Integer),
    sa.column("org_path", sa.String),
    sa.column("person_id", sa.Integer),
)
persons = sa.table(
    "people_persons",
    *(
        sa.column(c, sa.String)
        for c in (
            "name",
            "gender",
            "id_type",
            "phone",
            "phone_bidx",
            "building",
            "unit_no",
            "room",
            "relation_to_head",
            "status",
            "org_path",
        )
    ),
    sa.column("id", sa.Integer),
    sa.column("org_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _keyring():
    """The process keyring, configured from the environment like the app's."""
    from core.privacy import keyring
    from core.settings import get_settings

    get_settings()
    return keyring()


def normalize_phone(value: str) -> str:
    """Digits (and a leading +) only, as the register stores and indexes phones."""
    value = re.sub(r"[\s\-()]", "", value)
    if value.startswith("+86") and _MOBILE.match(value[3:]):
        return value[3:]
    return value


def upgrade() -> None:
    with op.batch_alter_table("patrol_checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            members.c.id, members.c.name, members.c.phone, members.c.org_id, members.c.org_path
        )
    ).all()
    if rows:
        keys = _keyring()
        now = datetime.now(UTC)
        # Ids are assigned here (both engines hand them back differently inside a migration);
        # PostgreSQL's sequence is moved past them below.
        next_id = (conn.execute(sa.select(sa.func.max(persons.c.id))).scalar() or 0) + 1
        for member_id, name, phone, org_id, org_path in rows:
            phone = normalize_phone(phone) if phone and phone.strip() else None
            person_id, next_id = next_id, next_id + 1
            conn.execute(
                persons.insert().values(
                    id=person_id,
                    name=name,
                    gender="",
                    id_type="resident",
                    phone=keys.encrypt(phone, PHONE_CONTEXT) if phone else None,
                    phone_bidx=keys.blind_index(phone, PHONE_CONTEXT) if phone else None,
                    building="",
                    unit_no="",
                    room="",
                    relation_to_head="",
                    status="active",
                    org_id=org_id,
                    org_path=org_path,
                    created_at=now,
                    updated_at=now,
                )
            )
            conn.execute(
                members.update().where(members.c.id == member_id).values(person_id=person_id)
            )
        if conn.dialect.name == "postgresql":
            conn.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence('people_persons', 'id'), "
                    "(SELECT max(id) FROM people_persons))"
                )
            )
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_patrol_members_person_id_people_persons"),
            "people_persons",
            ["person_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_members_person_id"), ["person_id"], unique=False
        )
        batch_op.drop_column("name")
        batch_op.drop_column("phone")


def downgrade() -> None:
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(members.c.id, persons.c.name, persons.c.phone).join(
            persons, persons.c.id == members.c.person_id
        )
    ).all()
    keys = _keyring() if rows else None
    for member_id, name, phone in rows:
        conn.execute(
            members.update()
            .where(members.c.id == member_id)
            .values(name=name, phone=keys.decrypt(phone, PHONE_CONTEXT) if phone else None)
        )
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(length=100), nullable=False)
        batch_op.drop_index(batch_op.f("ix_patrol_members_person_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_patrol_members_person_id_people_persons"), type_="foreignkey"
        )
        batch_op.drop_column("person_id")
    with op.batch_alter_table("patrol_checkins", schema=None) as batch_op:
        batch_op.drop_column("revision")
