"""python -m app.cli fill: the mapping it found, exit 2 with what could not be mapped."""

from __future__ import annotations

import openpyxl

from app import cli
from app.reports.template import sample_template


def _run(data_dir, capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data_dir.root), "fill", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_dry_run_prints_each_label_and_what_it_stands_for(demo, data_dir, capsys, tmp_path):
    template = str(sample_template("信访情况统计表.xlsx"))
    code, out, _ = _run(data_dir, capsys, template, "--from", "visits", "--year", "2026",
                        "--dry-run")  # fmt: skip
    assert code == 0
    assert "B列  来信 → 形式=书信" in out and "第8行  合计 → 合计" in out
    assert "类型：统计表" in out and not list(tmp_path.glob("*.xlsx"))


def test_a_column_that_maps_to_nothing_exits_2_and_writes_nothing(demo, data_dir, capsys,
                                                                  tmp_path):  # fmt: skip
    book = openpyxl.Workbook()
    book.active.append(["序号", "文件名称", "来文单位", "群众满意度"])
    book.save(tmp_path / "t.xlsx")
    out = tmp_path / "out.xlsx"
    code, _, err = _run(data_dir, capsys, str(tmp_path / "t.xlsx"), "--from", "incoming",
                        "--year", "2026", "--out", str(out))  # fmt: skip
    assert code == 2 and not out.exists()
    assert "D列“群众满意度”：无法对应" in err
    code, text, _ = _run(data_dir, capsys, str(tmp_path / "t.xlsx"), "--from", "incoming",
                         "--year", "2026", "--out", str(out), "--partial")  # fmt: skip
    assert code == 0 and out.exists() and "已填写" in text


def test_the_period_and_the_kind_are_checked_before_anything_is_read(data_dir, capsys, tmp_path):
    template = str(sample_template("收文情况登记表.xlsx"))
    code, _, err = _run(data_dir, capsys, template, "--from", "letters", "--year", "2026",
                        "--dry-run")  # fmt: skip
    assert code == 2 and "未知的类别“letters”" in err
    code, _, err = _run(data_dir, capsys, template, "--from", "incoming", "--dry-run")
    assert code == 2 and "--year" in err
    code, _, err = _run(data_dir, capsys, str(tmp_path / "无.xlsx"), "--from", "incoming",
                        "--year", "2026", "--dry-run")  # fmt: skip
    assert code == 2 and "找不到模板文件" in err


def test_a_file_that_is_no_workbook_is_one_chinese_line(data_dir, capsys, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_text("not a workbook")
    code, _, err = _run(data_dir, capsys, str(bad), "--from", "incoming", "--year", "2026",
                        "--dry-run")  # fmt: skip
    assert code == 2 and "无法打开模板 坏.xlsx" in err and "Traceback" not in err


def test_the_command_line_leaves_the_reporter_blank_as_the_duty_return_does(
    demo, data_dir, capsys, tmp_path
):
    """Issues 15 and 16: a return filled at the command line signed 填报人 as user@PC (the
    节假日值班表 leaves it blank there); the audit trail still names user@PC."""
    from app.services.context import CLI
    from app.services.returns.filling import REPORTER
    from app.services.session import unit_of_work
    from app.services.settings import put

    template = str(sample_template("信访情况统计表.xlsx"))
    out = tmp_path / "out.xlsx"
    code, _, _ = _run(data_dir, capsys, template, "--from", "visits", "--year", "2026",
                      "--out", str(out), "--partial")  # fmt: skip
    assert code == 0
    texts = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert any(t.startswith("填报人") for t in texts)
    assert not any(CLI.display_name in t for t in texts)
    with unit_of_work(CLI) as session:
        put(session, REPORTER, "李文书", check=False)
    code, _, _ = _run(data_dir, capsys, template, "--from", "visits", "--year", "2026",
                      "--out", str(out), "--partial")  # fmt: skip
    texts = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert code == 0 and any("李文书" in t for t in texts)
