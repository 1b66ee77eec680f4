"""The State Council's notice read into days: the real 2024, 2025 and 2026 texts."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from app.services import calendar, holiday_notice
from app.services.errors import ValidationError

NOTICE_2024 = """国务院办公厅关于2024年部分节假日安排的通知
国办发明电〔2023〕7号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2024年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
五、端午节：6月10日放假，与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2023年10月25日
"""

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
根据2024年11月10日国务院修订发布的《全国年节及纪念日放假办法》，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2024年11月12日
"""

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
"""


def _workdays(notice: holiday_notice.Notice) -> list[bool]:
    special = {d.day: d.kind for d in notice.days}
    start = date(notice.year, 1, 1)
    days = [start + timedelta(n) for n in range((date(notice.year, 12, 31) - start).days + 1)]
    return [special.get(d) == calendar.SHIFTED_WORKDAY or (d.weekday() < 5 and d not in special)
            for d in days]  # fmt: skip


@pytest.mark.parametrize(("text", "year", "off"), [(NOTICE_2024, 2024, 28),
                                                   (NOTICE_2025, 2025, 28),
                                                   (NOTICE_2026, 2026, 33)])  # fmt: skip
def test_real_notices_agree_with_chinesecalendar_on_every_day(text, year, off):
    notice = holiday_notice.parse(text)
    start = date(year, 1, 1)
    known = [
        chinese_calendar.is_workday(start + timedelta(n)) for n in range(len(_workdays(notice)))
    ]
    assert notice.year == year and notice.days_off == off
    assert _workdays(notice) == known


def test_names_and_shifted_days_of_2025():
    days = {d.day: d for d in holiday_notice.parse(NOTICE_2025).days}
    assert days[date(2025, 1, 28)].name == "春节" and days[date(2025, 2, 4)].kind == "节假日"
    assert days[date(2025, 10, 8)].name == "国庆节、中秋节"
    assert days[date(2025, 10, 11)].kind == calendar.SHIFTED_WORKDAY
    assert date(2025, 2, 5) not in days


def test_text_without_arrangements_is_refused():
    with pytest.raises(ValidationError, match="没有看到年份"):
        holiday_notice.parse("一、元旦：1月1日放假。")
    with pytest.raises(ValidationError, match="没有从通知中读到放假安排"):
        holiday_notice.parse("国务院办公厅关于2027年部分节假日安排的通知\n另行通知。")


def test_saved_notice_replaces_the_statutory_days_and_keeps_local_ones(uow):
    text = NOTICE_2026.replace("2026", "2027").replace(
        "（周四）至3日（周六）", "（周五）至3日（周日）"
    )
    notice = holiday_notice.parse(text)
    with uow() as s:
        calendar.seed_year(s, 2027)
        calendar.set_day(s, date(2027, 3, 1), calendar.HOLIDAY, "本地")
        assert calendar.shifts_unknown(s, 2027)
        holiday_notice.save(s, notice)
    with uow() as s:
        assert not calendar.shifts_unknown(s, 2027)
        assert calendar.is_workday(s, date(2027, 1, 4)) and not calendar.is_workday(
            s, date(2027, 3, 1)
        )
        assert not calendar.is_workday(s, date(2027, 1, 1))
