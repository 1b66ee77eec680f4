"""`demo` then `check` from the command line: every module's demo data passes the checks."""

from __future__ import annotations

import re

from app import cli


def test_demo_then_check_finds_nothing(data_dir, capsys):
    base = ["--data-dir", str(data_dir.root)]
    assert cli.main([*base, "demo", "--size", "200"]) == 0
    made = capsys.readouterr().out
    assert "用印：已生成 200 条演示数据" in made and "来访：已生成 50 条演示数据" in made
    assert "档案：已生成 100 条演示数据" in made
    assert re.search(r"会议：已生成 \d+ 条演示数据", made)
    assert cli.main([*base, "check"]) == 0
    out = capsys.readouterr().out
    assert "用印台账链：正常" in out and "来访登记簿：正常" in out and "档案目录：正常" in out
    assert "会议纪要编号：正常" in out
    assert out.strip().endswith("检查完毕：未发现问题")
