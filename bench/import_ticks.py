"""The window stays responsive while a 10,000-row sheet is imported through the import dialog.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/import_ticks.py [--rows 10000]

A fresh data folder in the temp folder; a 5 ms timer ticks in the GUI thread. For a 收文
sheet and a 值班人员 sheet of --rows rows it prints the longest gap between ticks:
- idle: the same timer over an idle second (the same run's floor);
- inline: the same import run on the GUI thread, as the 值班 import did before (dry run, so
  nothing is written): what the clerk's window would freeze for;
- dialog 检查 / dialog 导入: the import dialog as a clerk drives it (check, then import),
  both in the background; the window answers meanwhile. Goal: under 100 ms.
As in the window, garbage is collected on the GUI thread (app/ui/gc_guard.py); --no-freeze
leaves out the window's start-up gc.freeze(), to see what it saves.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.imports import fresh  # noqa: E402
from bench.ticks import Ticks, _wait  # noqa: E402

PASSWORD = "bench-pass-1"


def incoming_sheet(path: Path, size: int, rng: random.Random) -> None:
    from app import clock

    start = clock.today() - timedelta(days=300)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文登记簿")
    sheet.append(["签收日期", "来文机关", "来文字号", "标题", "份数", "承办部门"])
    for n in range(size):
        day = start + timedelta(days=rng.randrange(290))
        sheet.append([day.isoformat(), f"县直单位{n % 40}", f"县发〔{day.year}〕{n + 1}号",
                      f"关于做好第{n}项工作的通知", rng.randint(1, 5), "党政办"])  # fmt: skip
    book.save(path)


def staff_sheet(path: Path, size: int, rng: random.Random) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("值班人员")
    sheet.append(["姓名", "职务", "科室", "手机", "带班领导"])
    for n in range(size):
        sheet.append([f"干部{n:05d}", "科员", "党政办", f"139{n:08d}",
                      "是" if rng.random() < 0.1 else "否"])  # fmt: skip
    book.save(path)


def inline(actor: Any, kind: str, path: Path) -> None:
    """On the GUI thread, as ops.change did for the 值班 import (a dry run: rolled back)."""
    from app.db import unit_of_work
    from app.services.transfer import DryRun, import_file

    try:
        with unit_of_work(actor) as session:
            import_file(session, kind, path, dry_run=True)
    except DryRun:
        pass


def through_dialog(app: Any, actor: Any, kind: str, path: Path, ticks: Ticks) -> list[float]:
    """检查 then 导入 in the import dialog; the longest gap of each, and the rows imported."""
    from PySide6.QtWidgets import QWidget

    from app.ui.kit.import_dialog import ImportDialog
    from app.ui.tasks import wait_all

    parent = QWidget()
    dialog = ImportDialog(parent, actor, kind, lambda: None)
    dialog.show()
    dialog.path.setText(str(path))
    ticks.take()
    dialog.check()
    _wait(app, lambda: dialog.check_button.isEnabled(), timeout=600)
    checked = ticks.take()
    if not dialog.import_button.isEnabled():
        raise SystemExit(f"{kind}: {dialog.status.text()}")
    dialog.do_import()
    _wait(app, lambda: "已导入" in dialog.status.text(), timeout=600)
    imported = ticks.take()
    wait_all()
    dialog.close()
    return [checked, imported]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="skip the start-up gc.freeze() the window makes (app/ui/app.py)",
    )
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from app.db import unit_of_work
    from app.services import users
    from app.services.modules import load_all
    from app.ui import gc_guard

    app = QApplication.instance() or QApplication([])
    gc_guard.install(app)  # as the window: collections run on the GUI thread
    folder = Path(tempfile.mkdtemp(prefix="dzb-import-ticks-"))
    load_all()
    fresh(folder / "data")
    with unit_of_work() as session:
        actor = users.login(session, "admin", PASSWORD).actor
    if not args.no_freeze:
        from app.ui.app import freeze_start_up

        freeze_start_up()
    rng = random.Random(11)
    sheets = {"incoming": folder / "收文.xlsx", "staff": folder / "人员.xlsx"}
    incoming_sheet(sheets["incoming"], args.rows, rng)
    staff_sheet(sheets["staff"], args.rows, rng)
    ticks = Ticks()
    _wait(app, lambda: False, timeout=1.0)
    idle = ticks.take()
    frozen = "no gc.freeze()" if args.no_freeze else "gc.freeze() after start-up, as the window"
    print(f"{args.rows} rows ({frozen}); longest gap between 5 ms ticks, ms")
    print(f"{'kind':10} {'idle':>8} {'inline':>9} {'dialog 检查':>11} {'dialog 导入':>11}")
    for kind, path in sheets.items():
        started = time.perf_counter()
        ticks.take()
        inline(actor, kind, path)
        stuck = ticks.take()
        seconds = time.perf_counter() - started
        checked, imported = through_dialog(app, actor, kind, path, ticks)
        print(f"{kind:10} {idle:8.0f} {stuck:9.0f} {checked:11.0f} {imported:11.0f}"
              f"   (inline run {seconds:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
