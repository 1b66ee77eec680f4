"""The command line answers bad input in one Chinese line: a two-digit year, an unknown
KIND, a missing output folder."""

from __future__ import annotations

import os

import pytest

from app import cli


def _run(data_dir, capsys, *args: str) -> tuple[int, str]:
    try:
        code = cli.main(["--data-dir", str(data_dir.root), *args])
    except SystemExit as stop:  # argparse refuses by exiting
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.err


def test_two_digit_year_is_refused_not_an_empty_export(data_dir, capsys, tmp_path):
    out = tmp_path / "收文.xlsx"
    code, err = _run(data_dir, capsys, "export", "incoming", "--out", str(out), "--year", "26")
    assert code == 2 and "年度应写四位数，如 2026" in err and not out.exists()


def test_unknown_kind_is_answered_in_chinese_with_the_kinds(data_dir, capsys, tmp_path):
    code, err = _run(data_dir, capsys, "export", "letters", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "未知的类别“letters”" in err and "incoming、outgoing" in err
    assert "invalid" not in err and "error" not in err


@pytest.mark.parametrize("name", ["收文.xlsx", "收文.pdf"])
def test_missing_output_folder_is_one_line(data_dir, capsys, tmp_path, name):
    out = tmp_path / "没有这个文件夹" / name
    code, err = _run(data_dir, capsys, "export", "incoming", "--out", str(out))
    assert code == 2 and err.strip().startswith("输出文件夹不存在：")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_folder_as_out_gets_a_file_named_for_what_it_holds(data_dir, capsys, tmp_path):
    """Issue 15: a folder as --out was refused as an unknown format "out"."""
    code = cli.main(["--data-dir", str(data_dir.root), "export", "incoming", "--year", "2026",
                     "--out", str(tmp_path)])  # fmt: skip
    assert code == 0 and (tmp_path / "收文登记簿-2026.xlsx").exists()
    code = cli.main(["--data-dir", str(data_dir.root), "export", "duty-log", "--from",
                     "2026-10-01", "--to", "2026-10-07", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0 and (tmp_path / "值班日志-20261001至20261007.xlsx").exists()
    assert "收文登记簿-2026.xlsx" in capsys.readouterr().out


def test_a_missing_folder_written_as_a_folder_is_named_as_missing(data_dir, capsys, tmp_path):
    """`--out 导出/` where 导出 does not exist said 不支持导出为“导出”格式."""
    folder = tmp_path / "导出"
    code, err = _run(data_dir, capsys, "export", "incoming", "--out", f"{folder}{os.sep}")
    assert code == 2 and err.strip().startswith(f"输出文件夹不存在：{folder}。")
