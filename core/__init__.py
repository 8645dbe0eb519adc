"""shequ kernel: app factory, settings, database, auth, authorization, plugins, jobs, audit."""

__version__ = "0.1.0"
