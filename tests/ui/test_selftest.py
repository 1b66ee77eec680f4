"""--self-test: passes on a healthy program, names the failing step otherwise."""

from __future__ import annotations

from app.ui import selftest
from app.ui.app import run


def test_self_test_passes_and_reports_in_chinese(qapp, capsys):
    assert run(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("自检通过：")
    for step in ("建立并升级临时数据库", "打开主窗口", "写出 Excel", "写出 PDF"):
        assert step in out


def test_self_test_fails_with_the_reason(qapp, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "_write_report", lambda path: path.write_bytes(b""))
    assert selftest.run_self_test() == 1
    out = capsys.readouterr().out
    assert out.startswith("自检失败：")
    assert "✗ 写出 Excel（中文）：自检.xlsx 未写出或为空" in out
