"""Which errors mean "the database is unreachable" (503), and that every other error keeps its answer."""

from __future__ import annotations

from asyncpg.exceptions import CannotConnectNowError, InternalClientError
from sqlalchemy.exc import DBAPIError, IntegrityError

from core.unavailable import UNAVAILABLE_HANDLERS, database_unavailable


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def _wrapped(sqlstate: str, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", {}, _DriverError(sqlstate), connection_invalidated=invalidated)


def test_connection_failures_are_unavailability():
    assert database_unavailable(ConnectionRefusedError(111, "refused"))
    assert database_unavailable(CannotConnectNowError("the database system is starting up"))
    assert database_unavailable(InternalClientError("cannot switch to state 12"))
    assert database_unavailable(
        _wrapped("57P01")
    )  # terminating connection due to administrator command
    assert database_unavailable(_wrapped("08006"))  # connection failure
    assert database_unavailable(_wrapped("XX000", invalidated=True))


def test_bad_data_and_bugs_are_not():
    assert not database_unavailable(_wrapped("22003"))  # a value out of range: 422 elsewhere
    assert not database_unavailable(_wrapped("42P01"))  # a missing table: a bug, 500
    assert not database_unavailable(ValueError("nothing to do with the database"))


def test_other_database_errors_keep_the_edge_answer():
    handle = UNAVAILABLE_HANDLERS[DBAPIError]
    assert handle(None, _wrapped("22003")).status_code == 422  # a refused value, as before
    assert IntegrityError not in UNAVAILABLE_HANDLERS  # its own 409/422 handler stays in charge
