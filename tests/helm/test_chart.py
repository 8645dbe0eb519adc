"""Static checks of helm/shequ: parsing, schema, value references and named templates."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

# chartcheck sits next to this file; import it the same way whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))
import chartcheck  # noqa: E402

CHART = Path(__file__).resolve().parents[2] / "helm" / "shequ"
REQUIRED = {
    "database": {"url": "postgresql+asyncpg://shequ:pw@db.example:5432/shequ"},
    "redis": {"url": "redis://redis.example:6379/0"},
    "secretKey": "0123456789abcdef" * 4,
}


def _read(name: str) -> str:
    return (CHART / name).read_text(encoding="utf-8")


def test_chart_yaml_parses() -> None:
    chart = yaml.safe_load(_read("Chart.yaml"))
    assert chart["apiVersion"] == "v2"
    assert chart["name"] == "shequ"
    assert chart["version"] and chart["appVersion"]


def test_values_yaml_parses_and_points_at_the_published_image() -> None:
    values = yaml.safe_load(_read("values.yaml"))
    assert values["image"]["repository"] == "ghcr.io/shequ/shequ"
    assert values["image"]["tag"] == ""  # empty means the chart's appVersion
    assert ".Chart.AppVersion" in _read("templates/_helpers.tpl")


def test_yaml_outside_templates_parses() -> None:
    assert chartcheck.yaml_parse_errors(CHART) == []


def test_values_with_required_settings_validate() -> None:
    assert chartcheck.schema_errors(CHART, chartcheck.load_values(CHART, REQUIRED)) == []


def test_existing_secret_replaces_the_required_settings() -> None:
    values = chartcheck.load_values(CHART, {"existingSecret": "shequ-credentials"})
    assert chartcheck.schema_errors(CHART, values) == []


def test_defaults_pass_the_schema_so_helm_lint_passes() -> None:
    # helm lint checks the chart with its own defaults; the templates refuse them at install.
    assert chartcheck.schema_errors(CHART, chartcheck.load_values(CHART)) == []


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ({"database": {"url": "mysql://u:p@h/db"}}, "database.url"),
        ({"redis": {"url": "http://redis:6379"}}, "redis.url"),
        ({"secretKey": "short"}, "secretKey"),
        ({"web": {"replicaCount": -1}}, "web.replicaCount"),
        ({"worker": {"replicaCount": "two"}}, "worker.replicaCount"),
        ({"web": {"workers": 0}}, "web.workers"),
        ({"image": {"pullPolicy": "Sometimes"}}, "image.pullPolicy"),
        ({"web": {"autoscaling": {"enabled": "yes"}}}, "web.autoscaling.enabled"),
        ({"replicas": 3}, "<root>"),
        ({"web": {"replicas": 3}}, "web"),
        ({"env": {"BAD-NAME": "x"}}, "env"),
    ],
)
def test_bad_values_fail_validation(override: dict, where: str) -> None:
    errors = chartcheck.schema_errors(
        CHART, chartcheck.load_values(CHART, chartcheck.deep_merge(REQUIRED, override))
    )
    assert errors, f"{override} should be rejected"
    assert any(e.startswith(f"{where}:") for e in errors), errors


def test_empty_credentials_are_left_to_the_templates() -> None:
    # The schema accepts them (helm lint runs on the defaults); tests/helm/helm_ci.sh shows
    # that install and template then stop with the template's message.
    values = chartcheck.load_values(CHART, chartcheck.deep_merge(REQUIRED, {"database": {"url": ""}}))
    assert chartcheck.schema_errors(CHART, values) == []


def test_every_values_reference_exists() -> None:
    assert chartcheck.missing_values_references(CHART) == []


def test_every_include_is_defined() -> None:
    assert chartcheck.defined_templates(CHART) >= {"shequ.fullname", "shequ.labels", "shequ.image"}
    assert chartcheck.undefined_includes(CHART) == []


def test_template_blocks_are_balanced() -> None:
    assert chartcheck.unbalanced_blocks(CHART) == []


def test_reference_check_catches_a_broken_template(tmp_path: Path) -> None:
    broken = tmp_path / "shequ"
    shutil.copytree(CHART, broken)
    (broken / "templates" / "broken.yaml").write_text(
        "metadata:\n"
        "  name: {{ .Values.doesNotExist }}\n"
        "  labels: {{ $.Values.web.notAKey | quote }}\n"
        '  other: {{ index .Values "image" "nope" }}\n'
        "  fine: {{ .Values.web.replicaCount }}\n"
        '  {{- include "shequ.noSuchHelper" . }}\n'
        "{{- if .Values.web.pdb.enabled }}\n",
        encoding="utf-8",
    )
    missing = chartcheck.missing_values_references(broken)
    assert "templates/broken.yaml: .Values.doesNotExist is not in values.yaml" in missing
    assert any(".Values.web.notAKey" in m for m in missing)
    assert any(".Values.image.nope" in m for m in missing)
    assert not any("replicaCount" in m for m in missing)
    assert chartcheck.undefined_includes(broken) == [
        "templates/broken.yaml: include 'shequ.noSuchHelper' is not defined"
    ]
    assert chartcheck.unbalanced_blocks(broken) == ["templates/broken.yaml: +1 unclosed block(s)"]


def test_values_references_ignores_comments() -> None:
    text = "{{/* .Values.commented.out */}}\n{{ .Values.a.b }} {{- $.Values.c }} {{ $root.Values.d.e }}"
    assert chartcheck.values_references(text) == {("a", "b"), ("c",), ("d", "e")}


def test_web_runs_granian_with_the_app_factory() -> None:
    web = _read("templates/deployment-web.yaml")
    for word in (
        "granian",
        "--interface",
        "asgi",
        "--workers",
        ".Values.web.workers",
        "core.app:create_app",
        "--factory",
    ):
        assert word in web
    assert "/health/live" in web and "/health/ready" in web and "name: http" in web


def test_worker_and_scheduler_run_the_cli() -> None:
    assert "- worker" in _read("templates/deployment-worker.yaml")
    assert "- scheduler" in _read("templates/deployment-scheduler.yaml")


def test_migrations_are_a_pre_install_and_pre_upgrade_hook() -> None:
    job = _read("templates/job-migrate.yaml")
    assert "kind: Job" in job and "- upgrade" in job
    assert job.count("helm.sh/hook: pre-install,pre-upgrade") == 3  # ConfigMap, Secret, Job


def test_pods_are_locked_down() -> None:
    values = yaml.safe_load(_read("values.yaml"))
    assert values["podSecurityContext"]["runAsUser"] == 10001
    assert values["podSecurityContext"]["runAsNonRoot"] is True
    assert values["securityContext"]["readOnlyRootFilesystem"] is True
    helpers = _read("templates/_helpers.tpl")
    assert "mountPath: /tmp" in helpers and "mountPath: /var/lib/shequ" in helpers
    assert 'SHEQU_DATA_DIR: "/var/lib/shequ"' in helpers and 'SHEQU_ENV: "production"' in helpers


def test_required_values_are_required_when_deploying() -> None:
    helpers = _read("templates/_helpers.tpl")
    # install, upgrade and template render with IsInstall/IsUpgrade; lint with neither
    assert "or .Release.IsInstall .Release.IsUpgrade" in helpers
    assert re.search(r"required \(index \. 2\) \(index \. 1\)", helpers)
    for key, words in ((".Values.database.url", "database.url is required"),
                       (".Values.redis.url", "redis.url is required"),
                       (".Values.secretKey", "secretKey is required")):
        assert re.search(r'include "shequ.credential" \(list \. ' + re.escape(key) + r' "' + words, helpers), key
    assert 'fail "secretKey must be at least 32 characters' in helpers
