"""模板库: add, rename, remove; names checked; the copy taken out is the file added."""

from __future__ import annotations

import pytest

from app.reports.template import sample_template
from app.services.context import Role
from app.services.errors import PermissionDenied, ValidationError
from app.services.returns import library


def test_add_rename_remove(uow, tmp_path):
    with uow() as session:
        first = library.add(session, sample_template("信访情况统计表.xlsx"))
        library.add(session, sample_template("收文情况登记表.xlsx"), "县委办收文表")
    with uow() as session:
        assert [t.name for t in library.list_templates(session)] == [
            "信访情况统计表",
            "县委办收文表",
        ]
        library.rename(session, first, "信访月报")
        copy = library.copy_out(session, first, tmp_path)
    assert copy.name == "信访月报.xlsx"
    assert copy.read_bytes() == sample_template("信访情况统计表.xlsx").read_bytes()
    with uow() as session:
        library.remove(session, first)
    with uow() as session:
        assert [t.name for t in library.list_templates(session)] == ["县委办收文表"]


def test_names_are_checked_and_nothing_changes_on_refusal(uow, tmp_path):
    with uow() as session:
        kept = library.add(session, sample_template("信访情况统计表.xlsx"), "信访")
        library.add(session, sample_template("收文情况登记表.xlsx"), "收文")
    for bad, words in (("收文", "已有“收文”"), ("  ", "请填写"), ("a/b", "不能含有")):
        with pytest.raises(ValidationError, match=words), uow() as session:
            library.rename(session, kept, bad)
    text = tmp_path / "表.txt"
    text.write_text("x")
    with pytest.raises(ValidationError, match=r"\.xlsx"), uow() as session:
        library.add(session, text)
    with uow() as session:
        assert [t.name for t in library.list_templates(session)] == ["信访", "收文"]


def test_a_leader_cannot_change_the_library(uow, make_user):
    leader = make_user(Role.LEADER)
    with pytest.raises(PermissionDenied), uow(leader) as session:
        library.add(session, sample_template("信访情况统计表.xlsx"))
