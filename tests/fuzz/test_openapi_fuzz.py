"""Schemathesis over every operation of the OpenAPI document, as a platform admin and as a secretary.

The document is read from the running server, so a plugin's routes are fuzzed as soon as the
plugin is installed. Each generated request (valid and invalid by the schema, including NUL
characters, huge integers and wrong types) is sent as both roles; any 5xx, or an answer that
breaks its documented schema, status list or content type, fails the test. Bounded for CI by
a fixed number of examples per operation (``SHEQU_FUZZ_EXAMPLES``, default 8), no shrinking
and a deterministic seed; path ids are often swapped for real ones so requests get past the
404 and into the handlers.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import timedelta

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.auth.tokens import issue_token

pytestmark = pytest.mark.skipif(
    "postgresql" not in os.environ.get("SHEQU_TEST_BACKENDS", "sqlite,postgresql"),
    reason="the fuzz suite runs on PostgreSQL, which SHEQU_TEST_BACKENDS leaves out",
)

EXAMPLES = int(os.environ.get("SHEQU_FUZZ_EXAMPLES", "8"))
ROLES = ("root", "secA")  # a platform admin and a community secretary
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
_SESSION = requests.Session()


@pytest.fixture(scope="module")
def fuzz_schema(target):
    """The live OpenAPI document, with real ids mixed into generated path parameters."""
    schema = schemathesis.openapi.from_url(target.url + "/schema/openapi.json")
    schema.config.update(base_url=target.url)
    schema.config.generation.update(max_examples=EXAMPLES, no_shrink=True, deterministic=True)
    world = target.world
    real = {
        "org_id": st.sampled_from(
            [world.orgs["A"], world.orgs["s1"], world.orgs["A1"], world.orgs["D"]]
        ),
        # The fuzzer may switch this account off, never one of the roles it acts as.
        "user_id": st.just(target.victim_id),
        "plugin": st.sampled_from(target.plugin_ids or ["patrol"]),
    }

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        """Keep the generated value half of the time; else use an id that exists."""
        if not path_parameters:
            return st.just(path_parameters)
        choices = {
            k: (st.one_of(st.just(v), real[k]) if k in real else st.just(v))
            for k, v in path_parameters.items()
        }
        if "user_id" in path_parameters:
            choices["user_id"] = real["user_id"]
        return st.fixed_dictionaries(choices)

    return schema


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    # Generous for a shared 2-core CI machine; a request that hangs fails instead of stalling CI.
    deadline=timedelta(seconds=10),
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_schema_kept(case, target):
    """Every operation, as both roles: no 5xx, and every answer as documented."""
    for username in ROLES:
        headers = {}
        if case.path != "/api/v1/auth/logout":  # logging out would revoke the fuzzer's own token
            token = issue_token(target.secret, target.world.users[username], username, 3600)[0]
            headers["Authorization"] = f"Bearer {token}"
        case.call_and_validate(session=_SESSION, headers=headers, checks=CHECKS, timeout=10)


def test_server_logged_no_unhandled_error(target):
    """Runs after the fuzzing (same module): no 5xx in the access log, no traceback of a 500."""
    text = target.log.read_text(errors="replace")
    assert "unhandled_error" not in text
    statuses = []
    for line in text.splitlines():
        if line.startswith("{") and '"event": "request"' in line:
            statuses.append(json.loads(line)["status"])
    assert len(statuses) > 500  # the fuzzing really went through this server
    assert [s for s in statuses if s >= 500] == []
    print(
        f"fuzz: {len(statuses)} requests, {len(Counter(statuses))} statuses {sorted(Counter(statuses).items())}, 0 of 5xx"
    )
