"""import_file / export_file through the registry: all rows or none, dry runs, clear errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.services import registry
from app.services.errors import DomainError, ImportRejected, RowError
from app.services.registry import ExportQuery
from app.services.transfer import DryRun, UnreadableFile, export_file, import_file
from tests.conftest import Uow
from tests.services import transfer_kinds as kinds


@pytest.fixture(autouse=True)
def _kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.IMPORTS, "incoming", kinds.IMPORT)
    monkeypatch.setitem(registry.EXPORTS, "incoming", kinds.EXPORT)


GOOD = [["关于A", "县委办", "2026-03-05"], ["关于B", "县政府办", 46087]]


def test_import_loads_every_row(uow: Uow, tmp_path: Path) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", GOOD)
    with uow() as session:
        assert import_file(session, "incoming", path) == 2
    with uow() as session:
        assert kinds.stored(session) == {
            "关于A": {"来文机关": "县委办", "收文日期": "2026-03-05"},
            "关于B": {"来文机关": "县政府办", "收文日期": "2026-03-06"},
        }


def test_bad_rows_are_all_reported_with_sheet_row_numbers(uow: Uow, tmp_path: Path) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", [*GOOD, ["关于C", None, "明天"]])
    with pytest.raises(ImportRejected) as caught, uow() as session:
        import_file(session, "incoming", path)
    assert caught.value.errors == [
        RowError(5, "来文机关", "不能为空"),
        RowError(5, "收文日期", "无法识别的日期：明天"),
    ]
    with uow() as session:
        assert kinds.stored(session) == {}


def test_dry_run_counts_and_writes_nothing(uow: Uow, tmp_path: Path) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", GOOD)
    with pytest.raises(DryRun) as caught, uow() as session:
        import_file(session, "incoming", path, dry_run=True)
    assert caught.value.count == 2
    with uow() as session:
        assert kinds.stored(session) == {}


def test_unreadable_file_is_a_domain_error(uow: Uow, tmp_path: Path) -> None:
    path = tmp_path / "收文.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="不是 Excel 或 CSV 文件"), uow() as session:
        import_file(session, "incoming", path)


def test_header_without_rows_is_refused(uow: Uow, tmp_path: Path) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", [])
    with pytest.raises(UnreadableFile, match="没有数据行"), uow() as session:
        import_file(session, "incoming", path)


def test_kind_without_importer(uow: Uow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(registry.IMPORTS, "incoming")
    with pytest.raises(DomainError, match="导入类型 incoming 尚未提供"), uow() as session:
        import_file(session, "incoming", tmp_path / "x.xlsx")


def test_export_writes_xlsx_from_build(uow: Uow, tmp_path: Path) -> None:
    with uow() as session:
        import_file(session, "incoming", kinds.sheet(tmp_path / "in.xlsx", GOOD))
    out = tmp_path / "收文.xlsx"
    with uow() as session:
        assert export_file(session, "incoming", out, ExportQuery()) == 2
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "收文登记簿"
    assert [cell.value for cell in sheet[3]] == ["标题", "来文机关", "收文日期"]
    assert sheet["A4"].value == "关于A"


def test_export_to_an_unknown_format_is_refused(uow: Uow, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match=r"请使用 \.xlsx 或 \.pdf"), uow() as session:
        export_file(session, "incoming", tmp_path / "收文.docx", ExportQuery())
    assert not (tmp_path / "收文.docx").exists()


def test_export_uses_the_kinds_own_writer(uow: Uow, tmp_path: Path) -> None:
    def write(session: object, query: ExportQuery, path: Path) -> int:
        path.write_text(f"{query.year}", encoding="utf-8")
        return 7

    own = registry.ExportKind("incoming", "收文", kinds.build, write=write)
    registry.EXPORTS["incoming"] = own  # restored by the autouse fixture
    with uow() as session:
        assert export_file(session, "incoming", tmp_path / "a.xlsx", ExportQuery(year=2026)) == 7
    assert (tmp_path / "a.xlsx").read_text(encoding="utf-8") == "2026"
