"""The 保管期限表: first matching rule wins, edits take effect, bad rules refused; the CLI."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app import cli
from app.services.archives import filing, rules
from app.services.archives.codes import SKIP
from app.services.errors import PermissionDenied, ValidationError
from app.services.users import Role
from tests.services.archives.conftest import done_incoming, issued_outgoing


def _facts(direction, doc_type="通知", title="关于某事的通知"):
    return rules.Facts(direction, doc_type, title)


def test_matching_on_direction_type_and_keywords_first_rule_wins(uow):
    with uow() as s:
        table = rules.table(s)
    orgs = {"党政办公室": "BGS", "党建办公室": "DJB"}
    cases = [
        (_facts(rules.OWN, "纪要", "党委会议纪要"), "Y",
         "本级 决定、请示、报告、纪要等主要业务文件"),
        (_facts(rules.OWN, "通知", "关于2025年工作要点的通知"), "Y",
         "本级 年度计划、总结、实施方案"),
        (_facts(rules.OWN, "通知"), "D30", "本级 一般性通知、通报、函等"),
        (_facts(rules.UPPER, "通知", "关于参加培训并报名的通知"), SKIP,
         "上级 事务性会议、活动通知（不归档）"),
        (_facts(rules.UPPER, "意见", "关于深入开展某某的意见"), "D30", "上级 需贯彻执行的来文"),
        (_facts(rules.UPPER, "通报"), "D10", "上级 供参阅的来文"),
        (_facts(rules.PEER, "函"), "D10", "平级 来文"),
    ]  # fmt: skip
    for facts, period, name in cases:
        got = rules.suggest(table, facts, orgs, "BGS")
        assert (got.period, got.rule) == (period, name), facts
    dept = rules.suggest(table, rules.Facts(rules.OWN, "通知", "x", "党建办"), orgs, "BGS")
    assert dept.org_code == "DJB"  # the 主办 department names the 机构


def test_direction_from_the_sender_name():
    up, low = rules.DEFAULT_UPPER, rules.DEFAULT_LOWER
    assert rules.direction_of("县农业农村局", up, low) == rules.UPPER
    assert rules.direction_of("某某县某某镇某某村民委员会", up, low) == rules.LOWER
    assert rules.direction_of("某某镇派出所", up, low) == rules.PEER


def test_an_edited_table_changes_the_suggestion_and_bad_rows_are_refused(uow, make_user):
    with uow() as s:
        doc = done_incoming(s, "关于防汛的通知")
        table = rules.table(s)
        assert filing.candidates(s, 2025)[0].period == "D10"
        mine = rules.RuleRow(0, 0, "防汛文件永久", rules.UPPER, "", "防汛", "Y", "DJB", True)
        rules.save_table(s, [mine, *table])
        found = filing.candidates(s, 2025)[0]
        assert (found.doc_id, found.period, found.org_code, found.rule) == (
            doc, "Y", "DJB", "防汛文件永久")  # fmt: skip
        with pytest.raises(ValidationError, match="Y、D30、D10 或 不归档"):
            rules.save_table(s, [replace(mine, period="20年")])
        with pytest.raises(ValidationError, match="机构代码 QQQ 未登记"):
            rules.save_table(s, [replace(mine, org_code="QQQ")])
    with pytest.raises(PermissionDenied), uow(make_user(Role.ARCHIVIST)) as s:
        rules.save_table(s, [mine])


def test_cli_archive_dry_run_then_twice(data_dir, uow, capsys):
    with uow() as s:
        done_incoming(s, "关于贯彻落实某某的通知")
        done_incoming(s, "关于召开会议的通知")
        issued_outgoing(s)
    base = ["--data-dir", str(data_dir.root)]
    assert cli.main([*base, "archive", "--year", "2025", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "2025年度试归档（未写入）：共 2 件" in dry and "不归档：1 件" in dry
    assert cli.main([*base, "archive", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "永久（Y）：1 件" in out and "定期30年（D30）：1 件" in out
    assert cli.main([*base, "archive", "--year", "2025"]) == 0
    assert "2025年度已归档：共 0 件" in capsys.readouterr().out
