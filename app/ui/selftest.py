"""`--self-test`: migrate a temporary data folder, open the window offscreen, write xlsx and pdf."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

CHINESE = "党政办台账自检：收文登记、值班安排"


def _say(text: str) -> None:
    # A windowed Windows build has no console: there is nowhere to print.
    if sys.stdout is not None:
        print(text, flush=True)


def run_self_test(args: argparse.Namespace | None = None) -> int:
    """0 when every step passed; otherwise 1 and the failing step with its reason."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    steps: list[str] = []
    title = ""
    with tempfile.TemporaryDirectory(prefix="dzb-selftest-") as scratch:
        try:
            for title, step in _steps(Path(scratch)):
                detail = step()
                steps.append(f"  ✓ {title}{'：' + detail if detail else ''}")
        except Exception as exc:  # every failure becomes the reason printed, never a crash
            _say("\n".join(["自检失败：", *steps, f"  ✗ {title}：{exc}"]))
            _say(traceback.format_exc())
            return 1
        finally:
            _close_database()
    _say("\n".join(["自检通过：", *steps, f"用时 {time.perf_counter() - started:.1f} 秒"]))
    return 0


def _steps(scratch: Path) -> list[tuple[str, Callable[[], str]]]:
    state: dict[str, object] = {}
    return [
        ("建立并升级临时数据库", lambda: _open_database(scratch, state)),
        ("首次设置（单位、管理员）", lambda: _first_run(state)),
        ("打开主窗口", lambda: _show_window(state)),
        ("写出 Excel（中文）", lambda: _write_xlsx(scratch / "自检.xlsx")),
        ("写出 PDF（中文，嵌入字体）", lambda: _write_pdf(scratch / "自检.pdf")),
    ]


def _open_database(scratch: Path, state: dict[str, object]) -> str:
    from app.config import DataDir
    from app.services.modules import load_all
    from app.services.session import open_database

    load_all()
    data_dir = DataDir(scratch / "data")
    open_database(data_dir)
    state["data_dir"] = data_dir
    return f"{data_dir.database.stat().st_size} 字节"


def _first_run(state: dict[str, object]) -> str:
    from app.services import users
    from app.services.session import unit_of_work

    form = users.SetupForm(
        org_name="自检镇人民政府", fonds_code="Z001", issuer_codes=["镇政"],
        admin_username="admin", admin_display_name="管理员", admin_password="selftest-pass-1",
    )  # fmt: skip
    with unit_of_work() as session:
        state["actor"] = users.first_run_setup(session, form)
    return ""


def _show_window(state: dict[str, object]) -> str:
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from app.ui.pages import PAGES

    app = QApplication.instance() or QApplication(["self-test"])
    window = MainWindow(state["actor"], "自检镇人民政府")  # type: ignore[arg-type]
    window.show()
    app.processEvents()
    visible = window.isVisible()
    for spec in PAGES:  # each page imports its module when first opened: open them all
        window.show_page(spec.key)
    pages = window.stack.count()
    window.close()
    if not visible:
        raise RuntimeError("主窗口未能显示")
    return f"{pages} 个页面"


def _write_xlsx(path: Path) -> str:
    import openpyxl

    _write_report(path)
    size = _size(path)
    read = openpyxl.load_workbook(path, read_only=True)
    try:
        cells = [c for row in read.active.iter_rows(values_only=True) for c in row]
    finally:
        read.close()
    if CHINESE not in cells:
        raise RuntimeError("Excel 文件中读不回中文内容")
    return f"{size} 字节"


def _write_pdf(path: Path) -> str:
    _write_report(path)
    size = _size(path)
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or b"FontFile2" not in data:
        raise RuntimeError("PDF 未嵌入中文字体")
    return f"{size} 字节"


def _size(path: Path) -> int:
    if not path.is_file() or path.stat().st_size == 0:
        raise RuntimeError(f"{path.name} 未写出或为空")
    return path.stat().st_size


def _write_report(path: Path) -> None:
    from app.reports import Column, ReportTable, write_report

    table = ReportTable(
        title="自检报表", unit="自检镇人民政府",
        columns=[Column("序号", 6), Column("内容", 40)],
        rows=[[1, CHINESE], [2, "第二行：督办事项"]],
    )  # fmt: skip
    write_report(table, path)


def _close_database() -> None:
    from app.services.session import dispose

    dispose()
