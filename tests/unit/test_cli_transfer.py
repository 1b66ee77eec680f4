"""python -m app.cli import/export: counts, 第N行 列名: 原因 with exit 2, unreadable files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.services import registry
from app.services.modules import load_all
from tests.services import transfer_kinds as kinds

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    load_all()  # else the command's own loading would put the real kinds back over these
    monkeypatch.setitem(registry.IMPORTS, "incoming", kinds.IMPORT)
    monkeypatch.setitem(registry.EXPORTS, "incoming", kinds.EXPORT)


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


def _stored() -> dict[str, object]:
    with unit_of_work() as session:
        return kinds.stored(session)


def test_import_prints_the_count(data_dir: DataDir, tmp_path: Path, capsys: Capture) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", [["关于A", "县委办", "2026.3.5"]])
    assert _run(data_dir, "import", "incoming", str(path)) == 0
    assert capsys.readouterr().out.strip() == "已导入 1 行"
    assert list(_stored()) == ["关于A"]


def test_import_bad_rows_exit_2_and_import_nothing(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [["关于A", "县委办", "2026.3.5"], ["关于B", "", "2026-02-30"], ["关于C", "县委", "x"]]
    path = kinds.sheet(tmp_path / "收文.xlsx", rows)
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "第4行 来文机关: 不能为空",
        "第4行 收文日期: 无法识别的日期：2026-02-30",
        "第5行 收文日期: 无法识别的日期：x",
        "有 3 处错误，未导入任何数据。",
    ]
    assert _stored() == {}


def test_import_unreadable_file_one_line_exit_2(
    data_dir: DataDir, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "收文.xlsx"
    path.write_bytes(b"\x00garbage")
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    captured = capsys.readouterr()
    assert captured.err == "无法读取文件 收文.xlsx：不是 Excel 或 CSV 文件\n"
    assert captured.out == ""


def test_import_missing_header_names_the_columns(
    data_dir: DataDir, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "a.csv"
    path.write_text("序号,日期\n1,2026-03-05\n", encoding="gbk")
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    assert capsys.readouterr().err.startswith("找不到表头：缺少列 标题、来文机关")


def test_dry_run_writes_nothing(data_dir: DataDir, tmp_path: Path, capsys: Capture) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", [["关于A", "县委办", "2026.3.5"]])
    assert _run(data_dir, "import", "incoming", str(path), "--dry-run") == 0
    assert "1 行可以导入" in capsys.readouterr().out
    assert _stored() == {}


def test_export_xlsx_and_pdf(data_dir: DataDir, tmp_path: Path, capsys: Capture) -> None:
    path = kinds.sheet(tmp_path / "收文.xlsx", [["关于A", "县委办", "2026.3.5"]])
    assert _run(data_dir, "import", "incoming", str(path)) == 0
    for name in ("out.xlsx", "out.pdf"):
        out = tmp_path / name
        assert _run(data_dir, "export", "incoming", "--out", str(out), "--year", "2026") == 0
        assert f"已导出 1 行到 {out}" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").active["A4"].value == "关于A"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_export_bad_suffix_exit_2(data_dir: DataDir, tmp_path: Path, capsys: Capture) -> None:
    assert _run(data_dir, "export", "incoming", "--out", str(tmp_path / "a.doc")) == 2
    assert "请使用 .xlsx 或 .pdf 文件名" in capsys.readouterr().err
