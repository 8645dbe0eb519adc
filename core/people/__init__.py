"""The register of people: persons, households, units and their tags, in the kernel.

Every module refers to the same person by ``person_id``; see ``docs/people.md``.
"""

from core.people.panels import PersonPanel
from core.people.refs import PersonRef, person_ref
from core.people.vocab import BUILTIN_TAGS, TagDef

__all__ = ["BUILTIN_TAGS", "PersonPanel", "PersonRef", "TagDef", "person_ref"]
