"""文号 normalisation: every usual mis-keyed form becomes 机关代字〔YYYY〕N号."""

from __future__ import annotations

import pytest

from app.services.errors import ValidationError
from app.services.filing import docnumber

CASES = [
    ("镇政发〔2026〕7号", "镇政发〔2026〕7号"),
    ("镇政发﹝2026﹞7号", "镇政发〔2026〕7号"),
    ("镇政发[2026]7号", "镇政发〔2026〕7号"),
    ("镇政发【2026】7号", "镇政发〔2026〕7号"),
    ("镇政发（2026）7号", "镇政发〔2026〕7号"),
    ("镇政发(2026)7号", "镇政发〔2026〕7号"),
    ("镇政发［2026］7号", "镇政发〔2026〕7号"),
    ("镇政发〔2026〕007号", "镇政发〔2026〕7号"),
    ("镇政发〔2026〕第7号", "镇政发〔2026〕7号"),
    ("镇政发〔2026〕第０７号", "镇政发〔2026〕7号"),
    ("镇政发〔２０２６〕１２号", "镇政发〔2026〕12号"),
    ("镇政发〔26〕7号", "镇政发〔2026〕7号"),
    (" 镇政发 〔2026〕 7 号 ", "镇政发〔2026〕7号"),
    ("镇委办函\u3000[2025]  12号", "镇委办函〔2025〕12号"),
    ("县政办发〔2026〕3", "县政办发〔2026〕3号"),
    ("国办发明电〔2026〕10号", "国办发明电〔2026〕10号"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw, expected):
    assert docnumber.normalize(raw) == expected


@pytest.mark.parametrize("raw", ["", "无", "镇政发2026年7号", "〔2026〕7号", "镇政发〔2026〕0号"])
def test_not_a_doc_number(raw):
    assert docnumber.parse(raw) is None
    with pytest.raises(ValidationError, match="格式不对"):
        docnumber.normalize(raw)


def test_lenient_keeps_other_text_without_spaces():
    assert docnumber.normalize_lenient(" 内部 明电 ") == "内部明电"
    assert docnumber.normalize_lenient("镇政发[2026]07号") == "镇政发〔2026〕7号"


def test_parts():
    parsed = docnumber.parse("镇政办函﹝2026﹞第015号")
    assert parsed == docnumber.DocNumber("镇政办函", 2026, 15)
    assert str(parsed) == "镇政办函〔2026〕15号"
    assert "\u3014" in str(parsed) and "\u3015" in str(parsed)
