"""The 会议通知, 签到表 and 纪要 PDFs: text extractable, in the order a clerk reads them."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.errors import ValidationError
from app.services.meetings import attendance, entries, minutes, outputs
from app.services.meetings.dto import TopicForm
from tests.reports.pdftext import needs_poppler, pdf_text
from tests.services.meetings.stock import at, decision, meeting, people


def _full(s) -> int:
    mid = meeting(
        s,
        when=at(2026, 11, 20, 9),
        name="2026年第5次党委会",
        requirements="请提前熟悉议题材料。",
        contact="李红",
        phone="0571-1234567",
    )
    people(s, mid, observers=("赵所长",))
    entries.set_topics(
        s,
        mid,
        [
            TopicForm("研究秋冬季森林防火工作", "应急办"),
            TopicForm("审议2027年财务预算草案", "财政所"),
        ],
    )
    liu = entries.get_meeting(s, mid).attendees[2]
    attendance.sign_in(s, liu.id, False, absent_reason="出差")
    decision(s, mid, "完成高标准农田建设验收", date(2026, 12, 20))
    decision(s, mid, "组织森林防火专项检查", date(2026, 12, 10), dept="应急办")
    return mid


def _flat(path) -> str:
    return "".join(pdf_text(path).split())


@needs_poppler
def test_notice_has_time_place_people_topics_and_contact(uow, tmp_path):
    with uow() as s:
        mid = _full(s)
        pages = outputs.write_notice(s, mid, tmp_path / "通知.pdf")
    text = _flat(tmp_path / "通知.pdf")
    assert pages == 1
    for part in (
        "关于召开2026年第5次党委会的通知",
        "2026年11月20日（星期五）上午9:00",
        "一楼会议室",
        "王书记（委员）",
        "列席人员：赵所长（所长）",
        "1.研究秋冬季森林防火工作",
        "请提前熟悉议题材料。",
        "联系人：李红",
        "0571-1234567",
        "某某镇人民政府",
        "2026年11月30日",
    ):
        assert part in text, part


@needs_poppler
def test_sign_sheet_has_a_row_per_person(uow, tmp_path):
    with uow() as s:
        mid = _full(s)
        outputs.write_sign_sheet(s, mid, tmp_path / "签到表.pdf")
    text = _flat(tmp_path / "签到表.pdf")
    assert "2026年第5次党委会签到表" in text and "应到3人" in text and "列席1人" in text
    order = [text.index(n) for n in ("王书记", "张镇长", "刘委员", "赵所长")]
    assert order == sorted(order)
    assert text.count("签名") == 1


@needs_poppler
def test_minutes_print_number_decisions_and_attendance(uow, tmp_path):
    with uow() as s:
        mid = _full(s)
        with pytest.raises(ValidationError, match="请先编号再打印"):
            outputs.write_minutes(s, mid, tmp_path / "纪要.pdf")
        minutes.number_minutes(s, mid, "2026年第5次党委会会议纪要")
        minutes.issue_minutes(s, mid, date(2026, 11, 25))
        outputs.write_minutes(s, mid, tmp_path / "纪要.pdf")
    text = _flat(tmp_path / "纪要.pdf")
    for part in (
        "某某镇党委会纪要",
        "镇委会纪〔2026〕1号",
        "2026年第5次党委会会议纪要",
        "2026年11月20日上午，王书记在一楼会议室主持召开2026年第5次党委会。",
        "一、完成高标准农田建设验收。由张镇长牵头，农业办负责（责任人：陈主任），"
        "2026年12月20日前完成。",
        "二、组织森林防火专项检查",
        "出席：王书记、张镇长",
        "列席：赵所长",
        "请假：刘委员（出差）",
        "2026年11月25日印发",
        "—1—",
    ):
        assert part in text, part


def test_the_minutes_of_a_secret_meeting_are_not_printed(uow, tmp_path):
    with uow() as s:
        mid = meeting(s, secrecy="机密")
        minutes.number_minutes(s, mid)
        with pytest.raises(ValidationError, match="须在涉密计算机上制作"):
            outputs.write_minutes(s, mid, tmp_path / "纪要.pdf")
    assert not (tmp_path / "纪要.pdf").exists()
