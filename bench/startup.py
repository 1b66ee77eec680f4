"""Start-up to a shown main window, against a bare PySide6 QMainWindow, in the same run.

    .venv/bin/python bench/startup.py [--size 200000] [--runs 5] [--rebuild]

Fills a data folder once with `python -m app.cli demo --size N` (every module that has
registered demo data) and keeps it under the temp folder for later runs. Each run starts a
fresh process and times process start → window exposed: the bare window first, then the
program (database opened, logged in programmatically, MainWindow shown).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pass-1"


def _child(kind: str, data_dir: str) -> None:
    """Runs in the timed process: build the window, print phases once it is exposed."""
    began = time.perf_counter()
    phases: dict[str, float] = {}
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    phases["Qt 导入与初始化"] = time.perf_counter() - began
    window = _bare() if kind == "bare" else _program(data_dir, phases, began)

    class Exposed(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Expose and obj.isExposed():
                phases["窗口显示"] = time.perf_counter() - began
                print(json.dumps(phases, ensure_ascii=False), flush=True)
                app.quit()
            return False

    assert isinstance(window, QMainWindow)
    window.show()
    watcher = Exposed()
    window.windowHandle().installEventFilter(watcher)
    app.exec()


def _bare():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QMainWindow

    window = QMainWindow()
    window.setCentralWidget(QLabel("空白窗口"))
    window.resize(1280, 800)
    return window


def _program(data_dir: str, phases: dict[str, float], began: float):  # type: ignore[no-untyped-def]
    from app.config import DataDir
    from app.services import settings, users
    from app.services.modules import load_all
    from app.services.session import open_database, unit_of_work

    load_all()
    phases["导入服务"] = time.perf_counter() - began
    open_database(DataDir(Path(data_dir)))
    phases["打开数据库"] = time.perf_counter() - began
    with unit_of_work() as session:
        actor = users.login(session, "admin", PASSWORD).actor
        org = settings.org_name(session)
    phases["登录"] = time.perf_counter() - began
    from app.ui.main_window import MainWindow

    window = MainWindow(actor, org)
    phases["建立主窗口"] = time.perf_counter() - began
    return window


def _cli(data_dir: Path, *argv: str) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *argv],
                   cwd=ROOT, check=True)  # fmt: skip


def prepare(size: int, rebuild: bool) -> Path:
    """The cached demo data folder (made once: init, then demo --size N)."""
    folder = Path(tempfile.gettempdir()) / f"dzb-bench-{size}"
    marker = folder / "bench-ready"
    if marker.exists() and not rebuild:
        return folder
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    secret = folder / "admin-password.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    _cli(folder, "init", "--org", "某某镇人民政府", "--fonds", "Z109",
         "--admin-password-file", str(secret))  # fmt: skip
    started = time.perf_counter()
    _cli(folder, "demo", "--size", str(size))
    print(f"演示数据生成用时 {time.perf_counter() - started:.1f} 秒")
    marker.write_text("ok", encoding="utf-8")
    return folder


def time_one(kind: str, data_dir: Path) -> tuple[float, dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", kind, str(data_dir)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    total = time.perf_counter() - started
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("{"))
    return total, json.loads(line)


def frozen_build() -> Path | None:
    """The PyInstaller one-folder build in dist/, when one was made (installer/build_frozen.py)."""
    folder = ROOT / "dist" / "dangzhengban"
    for name in ("dangzhengban.exe", "dangzhengban"):
        if (folder / name).is_file():
            return folder / name
    return None


def time_frozen(exe: Path, runs: int) -> None:
    """The frozen build's own start: `--self-test` (opens a data folder, shows the main window
    with every page, writes a sheet and a PDF), process start to exit, run after run."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(exe), "--self-test"], capture_output=True, check=False, timeout=300)
        times.append(time.perf_counter() - started)
    print(
        f"冻结版 {exe.name} --self-test：中位数 {statistics.median(times):.2f} 秒，"
        f"最快 {min(times):.2f} 秒，最慢 {max(times):.2f} 秒（首次为冷启动：{times[0]:.2f} 秒）"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="重新生成演示数据")
    parser.add_argument("--data-dir", help=f"用已有的数据文件夹（管理员 admin，密码 {PASSWORD}）")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    data_dir = Path(args.data_dir) if args.data_dir else prepare(args.size, args.rebuild)
    db = data_dir / "taizhang.sqlite3"
    print(f"数据文件夹 {data_dir}（数据库 {db.stat().st_size / 1e6:.1f} MB）")
    bare, program, phases = [], [], {}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        bare.append(time_one("bare", data_dir)[0])
        total, phases = time_one("program", data_dir)
        program.append(total)
    print(f"{'':12}{'空白 QMainWindow':>18}{'党政办台账主窗口':>18}")
    for name, fn in (("中位数", statistics.median), ("最快", min), ("最慢", max)):
        print(f"{name:12}{fn(bare):>16.2f} 秒{fn(program):>16.2f} 秒")
    print(f"倍数（中位数）：{statistics.median(program) / statistics.median(bare):.1f}×")
    print("最后一次程序启动的分段（自进程内计时起）：")
    for step, at in phases.items():
        print(f"  {step}：{at:.2f} 秒")
    exe = frozen_build()
    if exe is not None:
        time_frozen(exe, args.runs)
    else:
        print("dist/ 中没有冻结版（installer/build_frozen.py 生成后本脚本也计时它）")


if __name__ == "__main__":
    main()
