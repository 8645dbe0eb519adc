"""Kept so older test modules can ``from shequ_testing import Api``: the helpers now ship with
shequ as ``core.testing`` (the ``shequ.testing`` pytest plugin), for outside plugins too."""

from core.testing import SECRET, Api, World, build_world  # noqa: F401
