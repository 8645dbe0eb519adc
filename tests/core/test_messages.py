"""Translatable errors: English detail for the API, the reader's language through localize."""

from __future__ import annotations

import json

from core.errors import N_, Conflict, Invalid, localize, message_of
from core.web.i18n import translations
from tenants.provisioning import ProvisionError

zh = translations("zh_CN").ugettext


def test_detail_is_english_and_the_error_keeps_its_id_and_params():
    exc = Invalid(
        N_("{field} must be a date like 2026-01-31, got '{value}'"),
        field="start",
        params={"value": "2026-02-30"},
    )
    assert exc.detail == str(exc) == "start must be a date like 2026-01-31, got '2026-02-30'"
    assert exc.msgid == "{field} must be a date like 2026-01-31, got '{value}'"
    assert exc.params == {"field": "start", "value": "2026-02-30"}
    assert localize(exc, zh) == "start 应为形如 2026-01-31 的日期，当前为“2026-02-30”"
    assert localize(exc) == exc.detail


def test_params_are_stored_as_json_and_user_data_is_not_translated():
    exc = Conflict(
        N_("code '{code}' is already used by another org"),
        field="code",
        params={"code": "Level", "when": object()},
    )
    json.dumps(exc.params)  # runs keep them
    assert localize(exc, zh) == "编码“Level”已被其他组织使用"


def test_a_message_can_be_a_param_and_renders_in_the_same_language():
    refused = Invalid(
        N_("{field} must be one of {expected}"), field="kind", params={"expected": "a, b"}
    )
    row = ProvisionError(
        "row 3",
        "modules",
        N_('module "{module}": {reason}'),
        {"module": "patrol", "reason": message_of(refused)},
    )
    assert row.message == 'module "patrol": kind must be one of a, b'
    assert localize(row, zh) == "模块“patrol”：kind 必须是 a, b 之一"
    stored = json.loads(
        json.dumps({"msgid": row.msgid, "params": row.params, "message": row.message})
    )
    assert localize(stored, zh) == localize(row, zh)


def test_untranslatable_things_fall_back_without_failing():
    assert localize(ValueError("invalid literal for int()"), zh) == "invalid literal for int()"
    assert localize({"ref": "", "message": "old run row"}, zh) == "old run row"
    # A translation that does not fit its params shows the English rather than a 500.
    assert localize({"msgid": "x {n}", "params": {"n": 1}}, lambda s: "{missing}") == "x 1"
    # Third-party text that was never a message id, braces and all, passes through.
    assert (
        Invalid("config {not a placeholder", field="config.x").detail == "config {not a placeholder"
    )
