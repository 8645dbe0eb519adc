"""Request ids, access logs, latency metrics and the /metrics endpoint."""

from __future__ import annotations

import json
import os
import logging
import sys

import pytest
import structlog
from litestar import Litestar, get
from litestar.params import FromPath
from litestar.testing import TestClient

from core import observability
from core.observability import (
    AUTHZ_DECISIONS,
    CACHE_HITS,
    JOBS_TOTAL,
    REGISTRY,
    ObservabilityMiddleware,
    bind_request_context,
    configure_logging,
    configure_tracing,
    metrics_endpoint,
)


@get("/items/{item_id:int}", sync_to_thread=False)
def show_item(item_id: FromPath[int]) -> dict[str, int]:
    bind_request_context(org_id=7, user_id=11)
    return {"id": item_id}


@get("/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("broken on purpose")


@pytest.fixture()
def client(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    app = Litestar(
        route_handlers=[show_item, boom, metrics_endpoint], middleware=[ObservabilityMiddleware]
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def _samples(route: str, status: str = "200") -> float:
    value = REGISTRY.get_sample_value(
        "shequ_http_request_duration_seconds_count",
        {"method": "GET", "route": route, "status": status},
    )
    return value or 0.0


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_request_id_is_generated_when_absent(client: TestClient) -> None:
    response = client.get("/items/1")
    assert response.status_code == 200
    generated = response.headers["x-request-id"]
    assert len(generated) == 32 and int(generated, 16) >= 0


def test_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/items/1", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


def test_unsafe_request_id_is_replaced(client: TestClient) -> None:
    response = client.get("/items/1", headers={"X-Request-ID": "evil\tvalue{}"})
    assert response.headers["x-request-id"] != "evil\tvalue{}"
    assert len(response.headers["x-request-id"]) == 32


def test_histogram_uses_route_template_not_raw_path(client: TestClient) -> None:
    before = _samples("/items/{item_id}")
    client.get("/items/12345")
    client.get("/items/67890")
    assert _samples("/items/{item_id}") == before + 2
    assert _samples("/items/12345") == 0


def test_unknown_path_is_labelled_unmatched() -> None:
    # Wrapped around the whole app, the middleware also sees requests no route matched.
    app = ObservabilityMiddleware(Litestar(route_handlers=[show_item]))
    before = _samples("unmatched", "404")
    with TestClient(app) as test_client:  # type: ignore[arg-type]
        response = test_client.get("/no/such/page/42")
        assert response.status_code == 404
        assert response.headers["x-request-id"]
        assert test_client.get("/items/9").status_code == 200
    assert _samples("unmatched", "404") == before + 1
    assert _samples("/no/such/page/42", "404") == 0


def test_route_template_set_by_someone_else_wins() -> None:
    assert (
        observability.route_label({"route_template": "/x/{id}", "path_template": "/y"}) == "/x/{id}"
    )
    assert observability.route_label({"path_template": "/y/{id}"}) == "/y/{id}"
    assert observability.route_label({"path_template": ""}) == "unmatched"


def test_handler_error_is_recorded_as_500(client: TestClient) -> None:
    before = _samples("/boom", "500")
    assert client.get("/boom").status_code == 500
    assert _samples("/boom", "500") == before + 1


def test_metrics_endpoint_lists_metric_names(client: TestClient) -> None:
    JOBS_TOTAL.labels(actor="send_reminder", outcome="done").inc()
    AUTHZ_DECISIONS.labels(result="deny").inc()
    CACHE_HITS.labels(cache="org_tree", result="hit").inc()
    client.get("/items/3")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    for name in (
        "shequ_http_request_duration_seconds",
        "shequ_jobs_total",
        "shequ_authz_decisions_total",
        "shequ_cache_lookups_total",
    ):
        assert name in body
    assert 'route="/items/{item_id}"' in body
    assert 'route="/items/3"' not in body


def test_metrics_use_isolated_registry() -> None:
    from prometheus_client import REGISTRY as GLOBAL_REGISTRY

    assert (
        GLOBAL_REGISTRY.get_sample_value("shequ_jobs_total", {"actor": "x", "outcome": "done"})
        is None
    )
    assert REGISTRY is not GLOBAL_REGISTRY


def test_json_log_line_carries_request_context(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json_logs=True)
    response = client.get("/items/5", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200
    lines = [
        line for line in _json_lines(capsys.readouterr().out) if line.get("event") == "request"
    ]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "req-42"
    assert (line["org_id"], line["user_id"]) == (7, 11)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/items/5", 200)
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "info" and "T" in line["timestamp"]


def test_probe_requests_are_not_logged(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json_logs=True)
    client.get("/metrics")
    assert not [
        line for line in _json_lines(capsys.readouterr().out) if line.get("event") == "request"
    ]


def test_context_does_not_leak_between_requests(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json_logs=True)
    client.get("/items/1", headers={"X-Request-ID": "first"})
    client.get("/boom", headers={"X-Request-ID": "second"})
    lines = [
        line for line in _json_lines(capsys.readouterr().out) if line.get("event") == "request"
    ]
    assert [line["request_id"] for line in lines] == ["first", "second"]
    assert "org_id" not in lines[1]
    assert structlog.contextvars.get_contextvars() == {}


def test_stdlib_logging_goes_through_structlog(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(json_logs=True, level="debug")
    bind_request_context(request_id="stdlib-1")
    logging.getLogger("shequ.stdlib_probe").info("hello %s", "world")
    (line,) = _json_lines(capsys.readouterr().out)
    assert line["event"] == "hello world"
    assert line["request_id"] == "stdlib-1"
    assert line["logger"] == "shequ.stdlib_probe"


def test_console_logging_is_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(json_logs=False)
    structlog.get_logger("x").info("plain_event", answer=42)
    out = capsys.readouterr().out
    assert "plain_event" in out and "answer" in out
    assert not _json_lines(out)


def test_configure_logging_twice_does_not_duplicate(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(json_logs=True)
    configure_logging(json_logs=True)
    structlog.get_logger("x").info("once")
    assert len(_json_lines(capsys.readouterr().out)) == 1


def test_tracing_off_without_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHEQU_OTEL_ENDPOINT", raising=False)
    assert configure_tracing("shequ-web") is False


def test_tracing_off_without_opentelemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEQU_OTEL_ENDPOINT", "http://collector:4318/v1/traces")
    # A None entry in sys.modules makes the import fail even if the package is installed.
    monkeypatch.setitem(sys.modules, "opentelemetry", None)
    assert configure_tracing("shequ-web") is False


def test_multiprocess_mode_reads_the_directory(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    # Empty directory: valid exposition, nothing from this process's in-memory registry.
    assert b"shequ_jobs_total" not in observability.render_metrics()


def test_multiprocess_mode_sums_worker_processes(tmp_path) -> None:
    # prometheus_client picks its storage at import, so each "worker" is a fresh interpreter.
    import subprocess

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    bump = "from core.observability import JOBS_TOTAL as J; J.labels('a', 'done').inc()"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", bump], env=env, check=True)
    render = "import sys; from core.observability import render_metrics as r; sys.stdout.write(r().decode())"
    out = subprocess.run(
        [sys.executable, "-c", render], env=env, check=True, capture_output=True, text=True
    )
    assert 'shequ_jobs_total{actor="a",outcome="done"} 2.0' in out.stdout
