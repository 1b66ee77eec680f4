"""The printed 督办通报: its three sections run on one under another, 来源 read once."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app.services.filing import tasks
from app.services.registry import ExportQuery
from app.services.transfer import export_file
from tests.reports.pdftext import needs_poppler, pdf_text

END = date(2026, 3, 20)
QUERY = ExportQuery(date_to=END)


def _task(session, matter: str, deadline: date, **kw: object) -> int:
    form = tasks.TaskForm(matter, "水利站", deadline, assigned_on=date(2026, 1, 5), **kw)
    return tasks.add_task(session, form)


def _pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


@needs_poppler
def test_a_short_bulletin_fits_on_fewer_pages_than_it_has_sections(uow, tmp_path):
    with uow() as s:
        _task(s, "清理河道", date(2026, 3, 15))
        _task(s, "春季植树", date(2026, 4, 1))
        tasks.finish_task(s, _task(s, "报送材料", date(2026, 3, 18)), date(2026, 3, 17), "已报送")
        export_file(s, "tasks", tmp_path / "通报.pdf", QUERY)
    (page,) = _pages(tmp_path / "通报.pdf")
    headings = (
        "一、逾期未办结事项（共1项）",
        "二、正在办理事项（共1项）",
        "三、本周办结事项（共1项）",
    )
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)
    assert page.count("督办通报") == 1 and page.count("督办事项") == 3
    assert "2026年03月14日至2026年03月20日" in page


@needs_poppler
def test_a_long_section_goes_on_under_its_header_row(uow, tmp_path):
    with uow() as s:
        for n in range(1, 41):
            _task(s, f"河道清理第{n}段", date(2026, 2, 1) + timedelta(days=n % 20))
        _task(s, "春季植树", date(2026, 4, 1))
        export_file(s, "tasks", tmp_path / "通报.pdf", QUERY)
    pages = _pages(tmp_path / "通报.pdf")
    assert "一、逾期未办结事项（共40项）" in pages[0] and "（续）" not in pages[0]
    assert "一、逾期未办结事项（续）" in pages[1] and "督办事项" in pages[1]
    assert sum(page.count("二、正在办理事项（共1项）") for page in pages) == 1
    shown = [w for page in pages for w in page.split() if w.startswith("河道清理第")]
    assert sorted(shown) == sorted(f"河道清理第{n}段" for n in range(1, 41))


def test_source_reads_once(uow):
    with uow() as s:
        said = _task(s, "整改", END, source_kind="交办", source_text="县委督查室交办")
        meeting = _task(s, "排查", END, source_kind="会议", source_text="第5次")
        rows = [tasks.get_task(s, task_id) for task_id in (said, meeting)]
    assert [r.source for r in rows] == ["县委督查室交办", "会议：第5次"]
    assert tasks.source_label("上级文件", "县委办发〔2026〕8号") == "县委办发〔2026〕8号"
    assert tasks.source_label("领导批示", "") == "领导批示"
    assert tasks.source_kind_of("县委办发〔2026〕8号") == "上级文件"
