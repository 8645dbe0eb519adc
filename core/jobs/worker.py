"""The module ``shequ worker`` hands to dramatiq: importing it declares every actor on the broker.

A worker process is an entry point like the app factory, so it composes the layers: the
tenancy layer registers per-org enablement with ``core.plugins`` before any job runs.
"""

import tenants.modules.services  # noqa: F401
from core.jobs._boot import boot

broker = boot()
