"""文种, 紧急程度, 密级 and 保密期限: closed vocabularies and the ★ marking."""

from __future__ import annotations

import pytest

from app.services.errors import ValidationError
from app.services.filing import vocab


def test_fifteen_doc_types_and_import_alias():
    assert len(vocab.DOC_TYPES) == 15
    assert vocab.check_doc_type("会议纪要", on_import=True) == "纪要"
    with pytest.raises(ValidationError):
        vocab.check_doc_type("会议纪要")
    with pytest.raises(ValidationError):
        vocab.check_doc_type("简报")


def test_urgency():
    assert vocab.check_urgency("急件", on_import=True) == "加急"
    assert vocab.check_urgency("") is None
    for bad in ("急件", "特提", "平急"):
        with pytest.raises(ValidationError):
            vocab.check_urgency(bad)


@pytest.mark.parametrize(("level", "limit"), [("绝密", 30), ("机密", 20), ("秘密", 10)])
def test_secrecy_bounds(level, limit):
    assert vocab.check_secrecy(level, limit) == (level, limit)
    with pytest.raises(ValidationError, match=f"1至{limit}年"):
        vocab.check_secrecy(level, limit + 1)


@pytest.mark.parametrize("bad", ["内部", "公开", "敏感"])
def test_secrecy_has_three_levels_only(bad):
    with pytest.raises(ValidationError, match="密级只能是"):
        vocab.check_secrecy(bad, None)


def test_marking_round_trip():
    assert vocab.secrecy_marking("秘密", 1) == "秘密★1年"
    assert vocab.secrecy_marking(None, None) == ""
    assert vocab.parse_secrecy_marking("秘密★1年") == ("秘密", 1)
    assert vocab.parse_secrecy_marking("机密") == ("机密", None)
    assert vocab.parse_secrecy_marking("") == (None, None)
