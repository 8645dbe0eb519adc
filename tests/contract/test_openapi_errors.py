"""Every JSON API operation, core's and every plugin's, documents the error statuses it can answer."""

from __future__ import annotations

from core.app import create_app
from core.settings import Settings


def test_every_operation_documents_its_error_statuses(tmp_path):
    app = create_app(Settings(env="test", data_dir=tmp_path))
    paths = app.openapi_schema.to_schema()["paths"]
    operations = [
        (path, method, op)
        for path, item in paths.items()
        if path.startswith("/api/v1/")
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) > 40 and any("/patrol/" in path for path, _m, _o in operations)
    for path, method, op in operations:
        statuses = set(op["responses"])
        assert {"400", "422", "503"} <= statuses, (method, path, statuses)
        if path not in ("/api/v1/auth/login", "/api/v1/auth/logout"):
            assert {"401", "403", "404"} <= statuses, (method, path, statuses)
        if method != "get" and not path.startswith("/api/v1/auth/"):
            assert "409" in statuses, (method, path, statuses)
        for status in statuses - {"200", "201", "202", "204"}:
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            assert {"status_code", "detail"} <= set(schema["required"]), (method, path, status)
    login = paths["/api/v1/auth/login"]["post"]["responses"]
    assert {"401", "429"} <= set(login)
