"""Start-up to a shown main window, against a bare PySide6 QMainWindow, in the same run.

    .venv/bin/python bench/startup.py [--size 200000] [--runs 5] [--rebuild]

Fills a data folder once with `python -m app.cli demo --size N` (every module that has
registered demo data) and keeps it under the temp folder for later runs. Each run starts a
fresh process and times process start → window exposed: the bare window first, then the
program along the window's own start (app/ui/app.py: style, data folder opened, logged in
with the login dialog's check made in code, main window shown), and also → 首页 listing its
待办 (read after the window shows).
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
    """Runs in the timed process: build the window, print phases once it is exposed (and,
    for the program, once 首页 has listed its 待办)."""
    began = time.perf_counter()
    phases: dict[str, float] = {}
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    phases["Qt 导入与初始化"] = time.perf_counter() - began
    if kind == "bare":
        window = _bare()
    elif kind == "login":
        window = _login_dialog(data_dir)
    else:
        window = _program(data_dir, phases, began)
    done = {"exposed": False, "home": kind != "program"}
    clocks: dict[str, float] = {}  # perf_counter at each moment: the parent reads the same clock

    def finish_when_done() -> None:
        if done["exposed"] and done["home"]:
            print(json.dumps({**phases, "clocks": clocks}, ensure_ascii=False), flush=True)
            app.quit()

    class Exposed(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Expose and obj.isExposed() and not done["exposed"]:
                clocks["exposed"] = time.perf_counter()
                clocks["exposed_cpu"] = time.process_time()
                phases["窗口显示"] = clocks["exposed"] - began
                done["exposed"] = True
                finish_when_done()
            return False

    if kind == "program":
        _when_home_listed(lambda: (clocks.__setitem__("home", time.perf_counter()),
                                   phases.__setitem__("首页待办列出", clocks["home"] - began),
                                   done.__setitem__("home", True), finish_when_done()))  # fmt: skip
    assert isinstance(window, QWidget)
    watcher = Exposed()
    if kind != "program":  # the program's start shows its own window
        window.show()
    window.windowHandle().installEventFilter(watcher)
    app.exec()


def _bare():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QMainWindow

    window = QMainWindow()
    window.setCentralWidget(QLabel("空白窗口"))
    window.resize(1280, 800)
    return window


def _login_dialog(data_dir: str):  # type: ignore[no-untyped-def]
    """The first window the clerk sees: app/ui/app.py's start up to the login dialog."""
    from PySide6.QtWidgets import QApplication

    from app.config import DataDir
    from app.ui import app as start
    from app.ui import gc_guard
    from app.ui.chinese import install_chinese
    from app.ui.login import LoginDialog
    from app.ui.style import apply_style

    qt = QApplication.instance()
    apply_style(qt)
    install_chinese(qt)
    gc_guard.install(qt)
    fresh, org = start.open_data(DataDir(Path(data_dir)))
    assert not fresh
    return LoginDialog(org)


def _program(data_dir: str, phases: dict[str, float], began: float):  # type: ignore[no-untyped-def]
    """The window's own start (app/ui/app.py run) with the login dialog's check made in code."""
    from PySide6.QtWidgets import QApplication

    from app.config import DataDir
    from app.ui import app as start
    from app.ui import gc_guard
    from app.ui.chinese import install_chinese
    from app.ui.style import apply_style

    phases["导入启动代码（含 SQLAlchemy）"] = time.perf_counter() - began
    qt = QApplication.instance()
    apply_style(qt)
    install_chinese(qt)
    gc_guard.install(qt)
    phases["样式与中文"] = time.perf_counter() - began
    fresh, org = start.open_data(DataDir(Path(data_dir)))
    assert not fresh
    phases["打开数据（含导入服务）"] = time.perf_counter() - began
    from app.services import passwords, users
    from app.services.session import unit_of_work

    hashing = _timed(passwords, "_scrypt")
    with unit_of_work() as session:
        actor = users.login(session, "admin", PASSWORD).actor
    phases["登录"] = time.perf_counter() - began
    phases["（其中口令校验 scrypt 用时）"] = sum(hashing)
    opener = getattr(start, "open_main_window", None)
    if opener is not None:
        window = opener(actor, org)
    else:  # the code before open_main_window: run()'s own steps
        from app.ui.main_window import MainWindow

        window = MainWindow(actor, org)
        window.show_as_left()
        start.freeze_start_up()
        start._start_daily_backup()
    phases["建立并显示主窗口"] = time.perf_counter() - began
    return window


def _timed(module, name: str) -> list[float]:  # type: ignore[no-untyped-def]
    """Wrap module.name to note how long each call takes (the login's deliberate hash)."""
    spent: list[float] = []
    inner = getattr(module, name)

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - began)

    setattr(module, name, timed)
    return spent


def _when_home_listed(then) -> None:  # type: ignore[no-untyped-def]
    """Call `then` the first time 首页 shows what its 待办 read found."""
    from app.ui.home.page import HomePage

    shown, called = HomePage._show, []

    def _show(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        shown(self, *args, **kwargs)
        if not called:
            called.append(True)
            then()

    HomePage._show = _show  # type: ignore[method-assign]


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


def time_one(kind: str, data_dir: Path) -> tuple[float, float | None, dict[str, float]]:
    """(process start to window exposed, to 首页's 待办 listed or None, the phases inside;
    they include "CPU", the process's CPU seconds until its window was exposed).

    The child reads the same system-wide monotonic clock (perf_counter) and prints when it
    saw each; the process keeps running a little after its window shows (首页's read), so the
    exit is not the measure."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", kind, str(data_dir)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=600)  # fmt: skip
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("{"))
    phases = json.loads(line)
    clocks = phases.pop("clocks")
    home = clocks.get("home")
    phases["CPU"] = clocks["exposed_cpu"]
    return clocks["exposed"] - started, None if home is None else home - started, phases


def frozen_build(given: str | None = None) -> Path | None:
    """The PyInstaller one-folder build in dist/, when one was made (installer/build_frozen.py),
    or the one named by --frozen (a folder or the program in it)."""
    folder = Path(given) if given else ROOT / "dist" / "dangzhengban"
    if folder.is_file():
        return folder
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
    parser.add_argument("--frozen", help="冻结版所在文件夹（默认 dist/dangzhengban）")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    data_dir = Path(args.data_dir) if args.data_dir else prepare(args.size, args.rebuild)
    # An installed program runs from compiled bytecode: compile ours once, as an install does,
    # or every run would compile every module (PYTHONDONTWRITEBYTECODE, a read-only folder).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    db = data_dir / "taizhang.sqlite3"
    print(f"数据文件夹 {data_dir}（数据库 {db.stat().st_size / 1e6:.1f} MB）")
    bare, program, home, phases = [], [], [], {}
    bare_cpu, program_cpu, login = [], [], []
    for _ in range(args.runs):  # interleaved, so all see the same machine load
        shown, _, phases = time_one("bare", data_dir)
        bare.append(shown)
        bare_cpu.append(phases["CPU"])
        login.append(time_one("login", data_dir)[0])
        shown, listed, phases = time_one("program", data_dir)
        program.append(shown)
        program_cpu.append(phases.pop("CPU"))
        home.append(listed or 0.0)
    print("自进程启动起计时（秒）：")
    print(f"{'':12}{'空白 QMainWindow':>18}{'主窗口显示':>14}{'首页待办列出':>14}")
    for name, fn in (("中位数", statistics.median), ("最快", min), ("最慢", max)):
        print(f"{name:12}{fn(bare):>16.2f}{fn(program):>18.2f}{fn(home):>18.2f}")
    middle = statistics.median(bare)
    print(f"倍数（中位数，对空白窗口）：主窗口显示 {statistics.median(program) / middle:.1f}×，"
          f"首页待办列出 {statistics.median(home) / middle:.1f}×")  # fmt: skip
    print(f"登录对话框显示（程序给用户的第一个窗口）：中位数 {statistics.median(login):.2f} 秒，"
          f"{statistics.median(login) / middle:.1f}×")  # fmt: skip
    # CPU seconds move far less with the machine's load than wall-clock seconds do
    cpu_bare, cpu_program = statistics.median(bare_cpu), statistics.median(program_cpu)
    print(f"窗口显示前所用 CPU（中位数）：空白 {cpu_bare:.2f} 秒，主窗口 {cpu_program:.2f} 秒，"
          f"{cpu_program / cpu_bare:.1f}×（含登录的 scrypt）")  # fmt: skip
    print("最后一次程序启动的分段（自进程内计时起）：")
    for step, at in phases.items():
        print(f"  {step}：{at:.2f} 秒")
    exe = frozen_build(args.frozen)
    if exe is not None:
        time_frozen(exe, args.runs)
    else:
        print("dist/ 中没有冻结版（installer/build_frozen.py 生成后本脚本也计时它）")


if __name__ == "__main__":
    main()
