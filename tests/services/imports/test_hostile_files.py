"""Hostile and odd files end in a count or a Chinese refusal (exit 2), never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.models.filing import IncomingDoc
from tests.services.imports.sheets import write_sheet

INCOMING = ["来文机关", "标题", "签收日期"]


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


def _in_child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_a_cell_at_xfd1048576_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "远.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(INCOMING)
    sheet.append(["县委办", "关于A的通知", "2026-03-05"])
    sheet["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 10_000
    # in a child process: before the fix the reader asked for 512 GB and the process aborted
    done = _in_child(
        "from pathlib import Path\n"
        "from app.reports.reader import ReaderError, read_table\n"
        f"try:\n    read_table(Path({str(path)!r}), {{'标题': (), '来文机关': ()}})\n"
        "except ReaderError as exc:\n    print(exc.message)\n"
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "超过 100,000 行" in done.stdout


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "宽.xlsx"
    book = openpyxl.Workbook()
    book.active.append(INCOMING)
    book.active.cell(2, 500, "x")
    book.save(path)
    from app.reports.reader import ReaderError, read_table

    with pytest.raises(ReaderError, match="超过 200 列"):
        read_table(path, {"标题": (), "来文机关": ()})


def test_a_million_row_csv_is_refused_under_500_mb(tmp_path: Path) -> None:
    path = tmp_path / "百万.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("来文机关,标题,签收日期\n")
        line = "县委办,关于做好冬季安全生产工作的通知,2026-03-05\n"
        for _ in range(100):
            handle.write(line * 10_000)
    done = _in_child(
        "import resource\nfrom pathlib import Path\n"
        "from app.reports.reader import ReaderError, read_table\n"
        f"try:\n    read_table(Path({str(path)!r}), {{'标题': (), '来文机关': ()}})\n"
        "except ReaderError as exc:\n    print(exc.message)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    assert done.returncode == 0, done.stderr[-500:]
    message, peak_kb = done.stdout.strip().splitlines()
    assert "超过 100,000 行" in message
    assert int(peak_kb) < 500 * 1024


def test_html_saved_as_xls_imports(data_dir: DataDir, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "系统导出.xls"
    path.write_text(
        "<html><body><table><tr><th>来文机关</th><th>标题</th><th>收文日期</th></tr>"
        "<tr><td>县委办</td><td>关于A的通知</td><td>2026-03-05</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert _run(data_dir, "import", "incoming", str(path)) == 0
    assert capsys.readouterr().out.strip() == "已导入 1 行"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xlsx", b"hello, not a workbook", "不是 Excel 或 CSV 文件"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "不是 Excel 或 CSV 文件"),
        ("a.xlsx", b"", "是空的"),
    ],
)
def test_files_that_are_not_workbooks_exit_2(
    data_dir: DataDir, tmp_path: Path, capsys, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    assert message in capsys.readouterr().err


def test_an_empty_workbook_exits_2(data_dir: DataDir, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    assert "没有任何数据" in capsys.readouterr().err


def test_control_characters_are_cleaned_at_import(data_dir: DataDir, tmp_path: Path) -> None:
    title = "关于\x01A\x0b的\x1b通知\t（一）\r\n第二行"
    path = write_sheet(tmp_path / "收文.csv", INCOMING, [["县委办", title, "2026-03-05"]])
    assert _run(data_dir, "import", "incoming", str(path)) == 0
    with unit_of_work() as session:
        titles = list(session.scalars(select(IncomingDoc.title)))
    assert titles == ["关于A的通知 （一）\n第二行"]


@pytest.mark.parametrize("value", ["²", "12345678901234567890", "0", "-3", "2.5"])
def test_number_fields_refuse_with_row_and_column(
    data_dir: DataDir, tmp_path: Path, capsys, value: str
) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "收文.xlsx", [*INCOMING, "份数", "页数"],
                       [["县委办", "关于A的通知", "2026-03-05", value, value]])  # fmt: skip
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    err = capsys.readouterr().err
    assert f"第2行 份数: 应为 1 至 99999 的整数，不能是“{value}”" in err
    assert "第2行 页数:" in err


def test_a_catalog_page_count_of_superscript_two_is_a_row_error(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Was: ValueError: invalid literal for int() with base 10: '²' (found by the property test)."""
    from tests.services.imports.sheets import write_sheet

    rows = [["题一", "²"], ["题二", "1" * 20]]
    path = write_sheet(tmp_path / "目录.xlsx", ["题名", "页数"], rows)
    assert cli.main(["--data-dir", str(data_dir.root), "import", "archive-items", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第2行 页数: 页数应为整数，而不是“²”" in err
    assert "第3行 页数:" in err and "Traceback" not in err
