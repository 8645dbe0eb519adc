"""Provisioning documents: parsing JSON/YAML/XLSX and validating the plan (no database)."""

import json
from io import BytesIO

import openpyxl
import pytest

from tenants.provisioning import (
    MAX_DOCUMENT_BYTES,
    AdminSpec,
    NodeSpec,
    ProvisionDocumentError,
    ProvisionError,
    load_plan,
    parse_document,
    validate_plan,
)


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _errors(excinfo) -> list[str]:
    return [str(e) for e in excinfo.value.errors]


def _node(ref, level, code, parent=None, *, name="某地", admins=(), modules=()) -> NodeSpec:
    return NodeSpec(ref, level, name, code, parent, tuple(admins), tuple(modules))


def _invalid(nodes, target="city", **kwargs) -> list[str]:
    with pytest.raises(ProvisionDocumentError) as excinfo:
        validate_plan(nodes, target, **kwargs)
    return _errors(excinfo)


TREE = {
    "nodes": [
        {
            "level": "street",
            "name": "东城街道",
            "code": "110101001",
            "admins": [
                {
                    "username": "dc.admin",
                    "password": "s3cret-pass",
                    "display_name": "王主任",
                    "role": "street_admin",
                }
            ],
            "children": [
                {
                    "level": "community",
                    "name": "和平里社区",
                    "code": "110101001001",
                    "modules": ["patrol", "love_supermarket"],
                    "children": [{"level": "grid", "name": "第一网格", "code": "110101001001-01"}],
                },
                {"level": "community", "name": "安定门社区", "code": "110101001002"},
            ],
        },
        {"level": "street", "name": "西城街道", "code": "110102001"},
    ]
}


# --- happy paths ---


def test_json_tree_becomes_parent_first_specs():
    nodes = parse_document(json.dumps(TREE, ensure_ascii=False).encode(), "json")
    assert [(n.ref, n.code, n.parent_code) for n in nodes] == [
        ("nodes[0]", "110101001", None),
        ("nodes[0].children[0]", "110101001001", "110101001"),
        ("nodes[0].children[0].children[0]", "110101001001-01", "110101001001"),
        ("nodes[0].children[1]", "110101001002", "110101001"),
        ("nodes[1]", "110102001", None),
    ]
    assert nodes[0].admins == (AdminSpec("dc.admin", "s3cret-pass", "王主任", "street_admin"),)
    assert nodes[1].modules == ("patrol", "love_supermarket")
    assert nodes[4].admins == () and nodes[4].modules == ()
    validate_plan(nodes, "city")


def test_json_integer_and_float_codes_keep_every_digit():
    doc = b'{"nodes": [{"level": "street", "name": "a", "code": 110101001001},'
    doc += b' {"level": "street", "name": "b", "code": 110101001002.0}]}'
    assert [n.code for n in parse_document(doc, "json")] == ["110101001001", "110101001002"]


YAML_DOC = """
nodes:
  - level: 街道
    name: 东城街道
    code: 110101001
    admins:
      - username: dc_admin
    children:
      - level: 社区
        name: 和平里社区
        code: 110101001001
        modules: patrol，love_supermarket、patrol
        children:
          - {level: 网格, name: NO, code: 0101}
  - {level: 镇, name: 永乐镇, code: "110115101"}
"""


def test_yaml_with_chinese_levels_keeps_codes_and_names_verbatim():
    nodes = parse_document(YAML_DOC.encode(), filename="plan.yml")
    assert [(n.level, n.code) for n in nodes] == [
        ("street", "110101001"),
        ("community", "110101001001"),
        ("grid", "0101"),  # not octal 65
        ("street", "110115101"),
    ]
    assert nodes[2].name == "NO"  # not the boolean False
    assert nodes[1].modules == ("patrol", "love_supermarket")
    # An admin without role or display name gets the level's usual role and their username.
    assert nodes[0].admins == (AdminSpec("dc_admin", None, "dc_admin", "street_admin"),)
    validate_plan(nodes, "city")


def test_yaml_in_gbk_from_a_windows_editor_is_read():
    assert parse_document(YAML_DOC.encode("gbk"), "yaml")[0].name == "东城街道"


CHINESE_HEADER = [
    "层级",
    "名称",
    "编码",
    "上级编码",
    "管理员账号",
    "管理员密码",
    "管理员姓名",
    "管理员角色",
    "模块",
]


def test_xlsx_with_chinese_headers_integer_codes_and_children_before_parents():
    data = _xlsx(
        [
            ["东城街道网格台账"],  # a title row above the header is skipped
            CHINESE_HEADER,
            ["网格", "第一网格", 11010100100101, 110101001001, None, None, None, None, None],
            [
                "社区",
                "和平里社区",
                110101001001,
                110101001,
                "hpl_sj",
                "hpl-pass-1",
                "李书记",
                None,
                "patrol，love_supermarket",
            ],
            [],
            ["街道", "东城街道", 110101001, None, "dc_admin", None, None, "street_admin", None],
            ["村", "前进村", "110101001201", "110101001", None, None, None, None, "patrol, 、"],
        ]
    )
    nodes = parse_document(data, filename="台账.xlsx")
    assert [(n.ref, n.level, n.code, n.parent_code) for n in nodes] == [
        ("row 6", "street", "110101001", None),
        ("row 4", "community", "110101001001", "110101001"),
        ("row 3", "grid", "11010100100101", "110101001001"),
        ("row 7", "community", "110101001201", "110101001"),
    ]
    assert nodes[1].admins == (AdminSpec("hpl_sj", "hpl-pass-1", "李书记", "community_secretary"),)
    assert nodes[1].modules == ("patrol", "love_supermarket")
    assert nodes[3].modules == ("patrol",)
    assert nodes[0].admins == (AdminSpec("dc_admin", None, "dc_admin", "street_admin"),)
    validate_plan(nodes, "city")


def test_xlsx_with_english_headers_and_numeric_passwords():
    data = _xlsx(
        [
            ["Level", "Name", "Code", "Parent Code", "admin_username", "admin_password", "modules"],
            ["street", "东城街道", "110101001", None, "dc_admin", 12345678, "patrol"],
            ["community", "和平里社区", "110101001001", "110101001", None, None, None],
        ]
    )
    nodes = parse_document(data, "xlsx")
    assert nodes[0].admins[0].password == "12345678"
    assert nodes[1].parent_code == "110101001"
    validate_plan(nodes, "city")


def test_xlsx_twelve_digit_code_preserved_through_excel_numbers():
    data = _xlsx([["level", "name", "code"], ["community", "和平里社区", 110101001001]])
    assert parse_document(data, "xlsx")[0].code == "110101001001"


# --- format detection ---


@pytest.mark.parametrize(
    ("data", "fmt", "filename"),
    [
        (json.dumps(TREE).encode(), None, "plan.json"),
        (json.dumps(TREE).encode(), None, None),  # sniffed from "{"
        (YAML_DOC.encode(), None, None),
        (YAML_DOC.encode(), "YML", "misleading.json"),  # an explicit format wins
        (_xlsx([["level", "name", "code"], ["street", "a", "s1"]]), None, "upload.bin"),
    ],
)
def test_format_is_taken_from_hint_then_extension_then_content(data, fmt, filename):
    assert parse_document(data, fmt, filename)


@pytest.mark.parametrize(
    ("data", "fmt", "filename", "message"),
    [
        (b"{", "json", None, "not valid JSON"),
        (b'{"nodes": [}', None, None, "not valid JSON"),
        (b"nodes: [a, b", "yaml", None, "not valid YAML"),
        (b"- just\n- a list\n", "yaml", None, 'expected a mapping with a "nodes" list'),
        (b"PK\x03\x04 not really a zip", None, None, "not a readable XLSX workbook"),
        (b"whatever", "csv", None, 'unsupported format "csv"'),
        (b"\xd0\xcf\x11\xe0rest", None, "old.xls", "save the file as .xlsx"),
        (b"\xff\xfe\x00\xd8", "yaml", None, "neither UTF-8 nor GB18030"),
        (_xlsx([["foo", "bar"], [1, 2]]), "xlsx", None, "no header row found"),
    ],
)
def test_malformed_documents_give_one_document_error(data, fmt, filename, message):
    with pytest.raises(ProvisionDocumentError) as excinfo:
        parse_document(data, fmt, filename)
    (error,) = excinfo.value.errors
    assert error.ref == "document" and error.field is None
    assert message in error.message


def test_documents_over_five_megabytes_are_rejected_before_parsing():
    with pytest.raises(ProvisionDocumentError, match="limit is 5,242,880 bytes"):
        parse_document(b" " * (MAX_DOCUMENT_BYTES + 1), "json")


def test_documents_over_twenty_thousand_nodes_are_rejected():
    street = {"level": "street", "name": "s", "code": "s"}
    with pytest.raises(ProvisionDocumentError, match="more than 20,000 nodes"):
        parse_document(json.dumps({"nodes": [street] * 20_001}).encode(), "json")
    parse_document(json.dumps({"nodes": [street] * 20_000}).encode(), "json")


def test_yaml_alias_bomb_is_stopped_by_the_node_limit():
    lines = ["g: &g {level: grid, name: g, code: g}", "c: &c {level: community, name: c, code: c,"]
    lines.append("  children: [" + ", ".join(["*g"] * 200) + "]}")
    lines.append(
        "s: &s {level: street, name: s, code: s, children: [" + ", ".join(["*c"] * 200) + "]}"
    )
    lines.append("nodes: [" + ", ".join(["*s"] * 200) + "]")
    with pytest.raises(ProvisionDocumentError, match="more than 20,000 nodes"):
        parse_document("\n".join(lines).encode(), "yaml")


def test_xlsx_row_limit(monkeypatch):
    monkeypatch.setattr("tenants.provisioning._xlsx.MAX_NODES", 2)
    rows = [["level", "name", "code"]] + [["street", f"s{i}", f"s{i}"] for i in range(3)]
    with pytest.raises(ProvisionDocumentError, match="more than 2 nodes"):
        parse_document(_xlsx(rows), "xlsx")


# --- structural errors found while parsing ---


def test_unknown_keys_are_named_with_their_node_and_all_reported():
    doc = {
        "version": 1,
        "nodes": [
            {
                "level": "street",
                "name": "a",
                "code": "a",
                "modles": ["patrol"],
                "admins": [{"username": "abc", "pasword": "x"}, "bob"],
                "children": [{"level": "community", "name": "b", "code": "b", "parent": "a"}],
            },
            ["not", "a", "node"],
        ],
    }
    with pytest.raises(ProvisionDocumentError) as excinfo:
        parse_document(json.dumps(doc).encode(), "json")
    assert _errors(excinfo) == [
        'document: field "version": unknown key "version": only "nodes" is allowed here',
        'nodes[0]: field "modles": unknown key "modles": expected level, name, code, children, '
        "admins, modules",
        'nodes[0]: field "admins[0].pasword": unknown key "pasword": expected username, password, '
        "display_name, role",
        'nodes[0]: field "admins[1]": expected a mapping, got a str',
        'nodes[0].children[0]: field "parent": unknown key "parent": expected level, name, code, '
        "children, admins, modules",
        "nodes[1]: expected a mapping, got a list",
    ]


def test_wrong_value_types_are_reported():
    doc = {"nodes": [{"level": ["street"], "name": True, "code": 1e20, "children": "x"}]}
    with pytest.raises(ProvisionDocumentError) as excinfo:
        parse_document(json.dumps(doc).encode(), "json")
    assert _errors(excinfo) == [
        'nodes[0]: field "level": expected text, got a list',
        'nodes[0]: field "children": expected a list, got a str',
        'nodes[0]: field "name": expected text, got true',
        'nodes[0]: field "code": number 1e+20 is too large to be exact; store it as text',
    ]


def test_xlsx_header_problems():
    data = _xlsx([["层级", "名称", "编码", "备注", "名称"], ["街道", "a", "a", "x", "b"]])
    with pytest.raises(ProvisionDocumentError) as excinfo:
        parse_document(data, "xlsx")
    assert _errors(excinfo) == [
        'row 1: field "备注": unknown column "备注": expected level, name, code, parent_code, '
        "admin_username, admin_password, admin_display_name, admin_role, modules",
        'row 1: field "name": column "name" appears twice',
    ]
    with pytest.raises(
        ProvisionDocumentError, match=r"missing required column\(s\): code \(编码\)"
    ):
        parse_document(_xlsx([["层级", "名称*"], ["街道", "a"]]), "xlsx")


# --- plan validation ---


def test_the_brief_example_message():
    data = _xlsx(
        [["level", "name", "code"]]
        + [["street", "s", f"s{i}"] for i in range(5)]
        + [["镇区", "x", "x"]]
    )
    errors = _invalid(parse_document(data, "xlsx"))
    assert errors == [
        'row 7: field "level": expected one of city, street, community, grid (got "镇区")'
    ]


def test_required_fields_and_field_formats():
    errors = _invalid(
        [
            _node("nodes[0]", "", "", name=""),
            _node("nodes[1]", "street", "x" * 33, name="名" * 101),
            _node("nodes[2]", "street", "东城/1"),
        ]
    )
    assert errors == [
        'nodes[0]: field "level": missing or empty',
        'nodes[0]: field "name": missing or empty',
        'nodes[0]: field "code": missing or empty',
        'nodes[1]: field "name": at most 100 characters (got 101)',
        'nodes[1]: field "code": at most 32 characters (got 33)',
        'nodes[2]: field "code": only letters, digits, "_" and "-" are allowed (got "东城/1")',
    ]


def test_a_parent_without_code_is_reported_once_not_on_each_child():
    doc = {
        "nodes": [
            {
                "level": "street",
                "name": "s",
                "children": [{"level": "community", "name": "c", "code": "c"}],
            },
            {"level": "street", "name": "t"},
        ]
    }
    with pytest.raises(ProvisionDocumentError) as excinfo:
        load_plan(json.dumps(doc).encode(), "city", fmt="json")
    assert _errors(excinfo) == [
        'nodes[0]: field "code": missing or empty',
        'nodes[1]: field "code": missing or empty',
    ]


def test_tree_shape_errors():
    errors = _invalid(
        [
            _node("row 2", "community", "c1"),  # top level under a city must be a street
            _node("row 3", "street", "s1"),
            _node("row 4", "grid", "g1", "s1"),  # skips community
            _node("row 5", "community", "c2", "s1"),
            _node("row 6", "grid", "g2", "c2"),
            _node("row 7", "grid", "g3", "g2"),  # nothing below grid
            _node("row 8", "community", "c3", "s9"),  # unknown parent
            _node("row 9", "community", "c2", "s1"),  # duplicate
        ]
    )
    assert errors == [
        'row 2: field "level": a top-level node under the target city must be a street (got community)',
        'row 4: field "level": a child of a street (row 3) must be a community (got grid)',
        'row 7: field "level": a grid (row 6) cannot have children',
        'row 8: field "parent_code": no node in the document has code "s9"',
        'row 9: field "code": duplicate code "c2" (first used at row 5)',
    ]


def test_top_level_follows_the_target_level():
    validate_plan([_node("nodes[0]", "grid", "g")], "community")
    assert _invalid([_node("nodes[0]", "street", "s")], "street") == [
        'nodes[0]: field "level": a top-level node under the target street must be a community (got street)'
    ]
    assert _invalid([_node("nodes[0]", "grid", "g")], "grid") == [
        'nodes[0]: field "level": nothing can be created under a grid (got grid)'
    ]
    with pytest.raises(ValueError, match="target_level"):
        validate_plan([], "province")


def test_xlsx_parent_cycle_is_named():
    data = _xlsx(
        [
            ["level", "name", "code", "parent_code"],
            ["street", "s", "s1", None],
            ["community", "a", "a", "b"],
            ["community", "b", "b", "a"],
            ["grid", "self", "me", "me"],
        ]
    )
    nodes = parse_document(data, "xlsx")
    assert [n.ref for n in nodes] == ["row 2", "row 3", "row 4", "row 5"]
    assert _invalid(nodes) == [
        'row 3: field "parent_code": parent_code forms a cycle: "a" → "b" → "a"',
        'row 4: field "parent_code": parent_code forms a cycle: "b" → "a" → "b"',
        'row 5: field "parent_code": parent_code forms a cycle: "me" → "me"',
    ]


def test_admin_and_module_errors():
    good = AdminSpec("wang.w@dc", "long-enough", "王伟", "street_admin")
    nodes = [
        _node("nodes[0]", "street", "s1", admins=[good, AdminSpec("ab", "short", "x", "boss")]),
        _node(
            "nodes[1]",
            "street",
            "s2",
            admins=[AdminSpec("", None, "", "")],
            modules=["patrol", "ktv"],
        ),
        _node(
            "row 4",
            "street",
            "s3",
            admins=[AdminSpec("wang.w@dc", "other-pw", "王伟", "street_admin")],
        ),
        _node("row 5", "street", "s4", admins=[AdminSpec("bad name", None, "x", "street_admin")]),
    ]
    errors = _invalid(nodes, known_modules={"patrol"})
    assert errors == [
        'nodes[0]: field "admins[1].username": expected 3-64 letters, digits or "_", ".", "@", "-" (got "ab")',
        'nodes[0]: field "admins[1].password": at least 8 characters (got 5)',
        'nodes[0]: field "admins[1].role": unknown role "boss" (expected one of children_director, city_admin, '
        "community_secretary, community_worker, grid_worker, party_member, platform_admin, "
        "resident, street_admin, unit_liaison)",
        'nodes[1]: field "admins[0].username": missing or empty',
        'nodes[1]: field "admins[0].role": missing or empty',
        'nodes[1]: field "modules": unknown module "ktv" (known: patrol)',
        'row 4: field "admin_username": "wang.w@dc" also appears at nodes[0] with a different '
        "password or display name",
        'row 5: field "admin_username": expected 3-64 letters, digits or "_", ".", "@", "-" (got "bad name")',
    ]
    assert "short" not in " ".join(errors)  # passwords are never echoed
    # Repeating an admin elsewhere with blank details (or the same ones) is fine.
    repeat = AdminSpec("wang.w@dc", None, "wang.w@dc", "street_admin")
    validate_plan(
        [_node("a", "street", "s1", admins=[good]), _node("b", "street", "s2", admins=[repeat])],
        "city",
    )
    # allowed_roles replaces the base roles.
    assert _invalid([_node("n", "street", "s", admins=[good])], allowed_roles={"x"})[0].endswith(
        'unknown role "street_admin" (expected one of x)'
    )


def test_empty_document_is_an_error():
    assert _invalid([]) == ["document: the document contains no nodes"]


def test_all_errors_are_reported_together_in_row_order():
    data = _xlsx(
        [
            ["层级", "名称", "编码", "上级编码", "管理员账号", "管理员角色", "模块"],
            ["网格", "一网格", "g1", "c1", None, None, None],  # before its parent: fine
            ["社区", "", "c1", "s1", "x", None, "patrol"],
            ["街道", "东城", "s1", None, "dc_admin", "mayor", None],
            ["社区", "西城", "s1", "s1", None, None, "ktv"],
        ]
    )
    with pytest.raises(ProvisionDocumentError) as excinfo:
        load_plan(data, "city", filename="a.xlsx", known_modules={"patrol"})
    assert _errors(excinfo) == [
        'row 3: field "name": missing or empty',
        'row 3: field "admin_username": expected 3-64 letters, digits or "_", ".", "@", "-" (got "x")',
        'row 4: field "admin_role": unknown role "mayor" (expected one of children_director, city_admin, '
        "community_secretary, community_worker, grid_worker, party_member, platform_admin, "
        "resident, street_admin, unit_liaison)",
        'row 5: field "code": duplicate code "s1" (first used at row 4)',
        'row 5: field "modules": unknown module "ktv" (known: patrol)',
    ]
    assert str(excinfo.value).startswith("5 error(s) in provisioning document: row 3:")


def test_load_plan_joins_parse_and_plan_errors_without_repeating_a_field():
    doc = {
        "nodes": [
            {"level": "street", "name": ["x"], "code": "s1"},
            {"level": "grid", "name": "g", "code": "g"},
        ]
    }
    with pytest.raises(ProvisionDocumentError) as excinfo:
        load_plan(json.dumps(doc).encode(), "city", fmt="json")
    assert _errors(excinfo) == [
        'nodes[0]: field "name": expected text, got a list',
        'nodes[1]: field "level": a top-level node under the target city must be a street (got grid)',
    ]
    nodes = load_plan(json.dumps(TREE).encode(), "city", fmt="json")
    assert len(nodes) == 5


def test_error_objects_are_plain_data():
    error = ProvisionError("row 7", "level", "x")
    assert str(error) == 'row 7: field "level": x'
    assert str(ProvisionError("document", None, "bad")) == "document: bad"


def test_admin_role_must_fit_the_node_level():
    wrong = AdminSpec("wang.w", None, "王伟", "grid_worker")
    assert _invalid([_node("row 2", "street", "s1", admins=[wrong])]) == [
        'row 2: field "admin_role": "grid_worker" is granted at a grid, not a street'
    ]
    # Roles outside the base set (a plugin's own) carry no level rule here.
    validate_plan(
        [_node("n", "street", "s1", admins=[AdminSpec("wang.w", None, "w", "patrol_lead")])],
        "city",
        allowed_roles={"patrol_lead"},
    )


def test_xlsx_repeats_a_nodes_row_for_each_of_its_accounts():
    data = _xlsx(
        [
            ["层级", "名称", "编码", "上级编码", "管理员账号", "管理员密码", "管理员角色"],
            ["community", "和平里社区", "110101001001", None, "hp_sec", "secret-123", "community_secretary"],
            ["community", "和平里社区", "110101001001", None, "hp_w1", "secret-123", "community_worker"],
            ["community", "和平里社区", "110101001001", None, "hp_w2", "secret-123", "community_worker"],
            ["grid", "一网格", "110101001001001", "110101001001", None, None, None],
        ]
    )
    nodes = parse_document(data, "xlsx")
    assert [n.code for n in nodes] == ["110101001001", "110101001001001"]
    assert [(a.username, a.role) for a in nodes[0].admins] == [
        ("hp_sec", "community_secretary"), ("hp_w1", "community_worker"), ("hp_w2", "community_worker")]
    validate_plan(nodes, "street")
    # A repeated code whose row differs (another name) is still a duplicate, reported by the plan.
    clash = _xlsx([["level", "name", "code"], ["community", "甲", "C1"], ["community", "乙", "C1"]])
    with pytest.raises(ProvisionDocumentError) as err:
        validate_plan(parse_document(clash, "xlsx"), "street")
    assert "duplicate code" in str(err.value.errors[0].message)
