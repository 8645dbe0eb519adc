"""The register's services: persons, households, units, moves, consents and subject rights.

SQL lives here; controllers and pages call these. Every service works inside the session's
tenant scope; the two places that leave it (duplicate ID numbers within a community, and a
move to another org) say why.
"""

from core.people.services.consents import BUILTIN_PURPOSES, ConsentService, purposes
from core.people.services.households import HouseholdService
from core.people.services.moves import MoveService
from core.people.services.persons import REGISTER_PURPOSE, PersonService, id_index, phone_index
from core.people.services.rights import (
    REVEALABLE,
    check_reveal,
    erase,
    expired_tags,
    revealed,
    subject_data,
)
from core.people.services.units import UnitService
from core.people.services._validate import check_phone, vocabulary

__all__ = [
    "BUILTIN_PURPOSES",
    "REGISTER_PURPOSE",
    "REVEALABLE",
    "ConsentService",
    "HouseholdService",
    "MoveService",
    "PersonService",
    "UnitService",
    "check_phone",
    "check_reveal",
    "erase",
    "expired_tags",
    "id_index",
    "phone_index",
    "purposes",
    "revealed",
    "subject_data",
    "vocabulary",
]
