"""Every header word of every import kind's table is read as its field (one test a word)."""

from __future__ import annotations

import pytest

from app.reports.header import key
from app.reports.reader import MissingColumns, rows_of
from app.services import headers

WORDS = [
    (kind, field, word)
    for kind, table in headers.TABLES.items()
    for field, words in table.items()
    for word in words
]


@pytest.mark.parametrize(("kind", "field", "word"), WORDS)
def test_header_word_is_read_as_its_field(kind: str, field: str, word: str) -> None:
    table, required = headers.TABLES[kind], headers.REQUIRED[kind]
    others = [name for name in required if name != field]
    # the other required fields under their canonical names, unless one is this very word
    header = [word, *(name for name in others if key(name) != key(word))]
    if len(header) < 2:  # a header row names at least two fields
        header.append(next(name for name in table if name != field))
    data = ["取值", *(f"值{i}" for i in range(len(header) - 1))]
    rows = rows_of([[header, data]], "表.xlsx", table, [n for n in required if n in others or
                                                        n == field])  # fmt: skip
    assert rows[0][field] == "取值"


def test_every_kind_has_a_table_and_its_required_fields_are_in_it() -> None:
    assert set(headers.TABLES) == set(headers.REQUIRED)
    for kind, table in headers.TABLES.items():
        assert set(headers.REQUIRED[kind]) <= set(table), kind
        for field, words in table.items():
            assert key(words[0]) == key(field) or field in words, (kind, field)


def test_a_word_means_one_field_within_a_kind() -> None:
    for kind, table in headers.TABLES.items():
        seen: dict[str, str] = {}
        for field, words in table.items():
            for word in (field, *words):
                assert seen.setdefault(key(word), field) == field, (kind, word)


def test_the_issue_examples() -> None:
    assert "类型" in headers.SEALS["类别"]
    assert {"日期", "用印日期"} <= set(headers.SEAL_USES["日期时间"])
    assert {"经办人", "申请人"} <= set(headers.SEAL_USES["申请人"])
    assert {"用印事由", "事由"} <= set(headers.SEAL_USES["事由"])


def test_missing_column_names_found_headers_and_accepted_words() -> None:
    grid = [["印章名称", "分类", "保管人"], ["党委章", "党委章", "李红"]]
    with pytest.raises(MissingColumns) as caught:
        rows_of([grid], "印章.xlsx", headers.SEALS, headers.REQUIRED["seals"])
    assert caught.value.found == ["印章名称", "分类", "保管人"]
    assert list(caught.value.missing) == ["类别"]
    message = caught.value.message
    assert "表中的表头：印章名称、分类、保管人" in message
    assert "“类别”可用的表头：类别、印章类别、种类、类型、印章类型" in message


def test_a_mapping_reads_the_chosen_header() -> None:
    grid = [["印章名称", "分类"], ["党委章", "党委章"]]
    rows = rows_of([grid], "印章.xlsx", headers.SEALS, headers.REQUIRED["seals"], {"类别": "分类"})
    assert rows[0]["类别"] == "党委章" and rows[0]["保管人"] is None
