"""Logs, metrics and optional tracing for every shequ process.

Metrics live in the module-level ``REGISTRY`` rather than prometheus_client's global one,
so tests (and several apps in one process) do not see each other's samples.

Under granian with ``--workers N`` every worker is a separate process with its own copy of
these counters, so one scrape of ``/metrics`` only sees the worker that answered it. Set
``PROMETHEUS_MULTIPROC_DIR`` to an empty, writable directory (the Helm chart does) and the
metrics are written to files there and summed across workers at scrape time.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
import uuid
from typing import TYPE_CHECKING, Any

import structlog
from litestar import Response, get
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "AUTHZ_DECISIONS",
    "CACHE_HITS",
    "HTTP_LATENCY",
    "JOBS_TOTAL",
    "REGISTRY",
    "ObservabilityMiddleware",
    "bind_request_context",
    "clear_request_context",
    "configure_logging",
    "configure_tracing",
    "metrics_endpoint",
    "render_metrics",
    "route_label",
]

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_LATENCY = Histogram(
    "shequ_http_request_duration_seconds",
    "Time from receiving an HTTP request to finishing its response.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
JOBS_TOTAL = Counter(
    "shequ_jobs_total",
    "Background job executions by actor and outcome (done, failed, retried).",
    ["actor", "outcome"],
    registry=REGISTRY,
)
AUTHZ_DECISIONS = Counter(
    "shequ_authz_decisions_total",
    "Authorization decisions by result (allow, deny).",
    ["result"],
    registry=REGISTRY,
)
CACHE_HITS = Counter(
    "shequ_cache_lookups_total",
    "Cache lookups by cache name and result (hit, miss).",
    ["cache", "result"],
    registry=REGISTRY,
)

REQUEST_ID_HEADER = "x-request-id"
# A caller-supplied id ends up in logs and response headers, so only accept a tame one.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Probes and scrapes arrive every few seconds from every pod; logging them drowns real traffic.
_QUIET_PATHS = frozenset({"/health/live", "/health/ready", "/metrics"})
_UNMATCHED = "unmatched"

_access_log = structlog.get_logger("shequ.http")


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that always writes to the current ``sys.stdout``.

    Resolving the stream on every write keeps logging correct when stdout is swapped
    after configuration (pytest capture, daemonising wrappers).
    """

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(json_logs: bool, level: str = "INFO") -> None:
    """Send structlog and stdlib logging to stdout, as JSON lines or for a console."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached, so calling configure_logging again (tests, CLI flags) takes effect.
        cache_logger_on_first_use=False,
    )
    if json_logs:
        final: list[Any] = [
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ]
    else:
        # Plain tracebacks: rich's would print every frame's locals (passwords, tokens) and
        # take half a second per error.
        final = [structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback)]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *final],
    )
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    # Replace rather than add, so repeated configuration never duplicates every line.
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())


def bind_request_context(**kw: Any) -> None:
    """Attach key/values (org_id, user_id, …) to every log line of the current request."""
    structlog.contextvars.bind_contextvars(**kw)


def clear_request_context() -> None:
    """Forget everything bound with :func:`bind_request_context`."""
    structlog.contextvars.clear_contextvars()


def route_label(scope: Scope) -> str:
    """The bounded route name for metrics: a path template, never a raw path with ids."""
    template = scope.get("route_template") or scope.get("path_template")  # type: ignore[misc]
    return template or _UNMATCHED


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1").strip()
            return candidate if _SAFE_REQUEST_ID.match(candidate) else None
    return None


class ObservabilityMiddleware:
    """ASGI middleware: request id, one access log line and a latency sample per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection; only http scopes are instrumented."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        # Litestar rewrites scope["path"] for mounted apps; keep what the client asked for.
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        status = 500  # what the client sees if the app raises before responding
        clear_request_context()
        bind_request_context(request_id=request_id)
        scope["shequ_request_id"] = request_id  # type: ignore[typeddict-unknown-key]  # for the 500 log

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v)
                    for k, v in message.get("headers", ())
                    if k.lower() != REQUEST_ID_HEADER.encode()
                ]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode("latin-1")))
                message = {**message, "headers": headers}  # type: ignore[typeddict-item]
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception as exc:
            # Answered by the outer exception handler after we return (a middleware's 401, a 422).
            status = getattr(exc, "status_code", None) or getattr(exc, "status", 500)
            raise
        finally:
            elapsed = time.perf_counter() - start
            HTTP_LATENCY.labels(
                method=method, route=route_label(scope), status=str(status)
            ).observe(elapsed)
            if path not in _QUIET_PATHS:
                _access_log.info(
                    "request",
                    method=method,
                    path=path,
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )
            clear_request_context()


def render_metrics() -> bytes:
    """The Prometheus text exposition of this process (or of all workers in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@get("/metrics", include_in_schema=False, sync_to_thread=False)
def metrics_endpoint() -> Response[bytes]:
    """Serve Prometheus metrics."""
    return Response(content=render_metrics(), media_type=CONTENT_TYPE_LATEST)


def configure_tracing(service_name: str) -> bool:
    """Export OpenTelemetry traces to ``SHEQU_OTEL_ENDPOINT`` when set and installed."""
    endpoint = os.environ.get("SHEQU_OTEL_ENDPOINT")
    if not endpoint:
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        structlog.get_logger("shequ.tracing").warning(
            "tracing_unavailable", reason="opentelemetry-sdk not installed"
        )
        return False
    try:
        # The HTTP exporter needs no grpcio, which keeps offline images small; gRPC if that is what's installed.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        try:
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter  # type: ignore[assignment]
        except ImportError:
            structlog.get_logger("shequ.tracing").warning(
                "tracing_unavailable", reason="no OTLP exporter installed"
            )
            return False
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    return True
