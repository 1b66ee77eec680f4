"""Start-up to a shown main window, against a bare PySide6 QMainWindow, in the same run.

    .venv/bin/python bench/startup.py [--size 200000] [--runs 5] [--rebuild]
    .venv/bin/python bench/startup.py --data-dir D --password-file PW [--runs 7]

Fills a data folder once with `python -m app.cli demo --size N` (every module that has
registered demo data) and keeps it under the temp folder for later runs, or uses --data-dir.
Each run starts a fresh process per measure, all on one monotonic clock from process start:

- the bare window: a QMainWindow with a label, to its first expose;
- the program, submitted at once: the window's own start (app/ui/app.py run, the real login
  dialog) with the password put in and 登录 pressed the moment the dialog is exposed, to the
  main window exposed, then to 首页 listing its 待办. No human wait: this is the issue's
  "start to shown main window";
- the program, after the loading: the same, but the password is put in and 登录 pressed once
  what loads behind the dialog has loaded (a clerk slower than the loading, with no pause in
  typing before 登录): the wait the clerk meets after 登录;
- the program, typed: the password is put in the moment the dialog is exposed, and 登录 is
  pressed once the loading has ended and the clerk has paused long enough for the digest of
  what is typed to be worked out (app/services/digests_ahead.py; a program without it waits
  the same pause plus a hash's time): the wait a clerk who types, then presses Enter, meets.
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
KINDS = ("bare", "program", "loaded", "typed")
TYPING_PAUSE = 0.25 + 0.6  # the dialog's pause, then a hash's time (a program without digests)


def _child(kind: str, data_dir: str, password: str) -> None:
    """Runs in the timed process: print the moments (perf_counter) once its window is up."""
    began = time.perf_counter()
    clocks: dict[str, float] = {"began": began}
    if kind == "bare":
        _bare(clocks)
    else:
        _program(data_dir, password, clocks, kind)


def _report(clocks: dict[str, float]) -> None:
    print(json.dumps(clocks), flush=True)
    os._exit(0)  # no exit backup or shutdown work: the measure is over


def _on_first_expose(widget, then) -> None:  # type: ignore[no-untyped-def]
    """Call then() at the first expose of a shown widget's window (its first paint)."""
    from PySide6.QtCore import QEvent, QObject

    class Exposed(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Expose and obj.isExposed():
                obj.removeEventFilter(self)
                then()
            return False

    watcher = Exposed(widget)
    widget.windowHandle().installEventFilter(watcher)


def _bare(clocks: dict[str, float]) -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("空白窗口"))
    window.resize(1280, 800)
    window.show()

    def exposed() -> None:
        clocks["shown"], clocks["shown_cpu"] = time.perf_counter(), time.process_time()
        _report(clocks)

    _on_first_expose(window, exposed)
    app.exec()


def _program(data_dir: str, password: str, clocks: dict[str, float], kind: str) -> None:
    """app/ui/app.py's run() as the clerk starts it; the bench types at the login dialog."""
    from PySide6.QtCore import QTimer

    from app.services import passwords
    from app.ui import app as start
    from app.ui.login import LoginDialog

    hashing = _timed(passwords, "_scrypt")
    storage = getattr(start, "open_storage", None)  # the part loaded behind the login
    if storage is not None:

        def open_storage(*args, **kwargs):  # type: ignore[no-untyped-def]
            storage(*args, **kwargs)
            clocks["opened"] = time.perf_counter()

        start.open_storage = open_storage  # type: ignore[attr-defined]

    def put_in(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.username.setText("admin")
        dialog.password.setText(password)

    def submit(dialog) -> None:  # type: ignore[no-untyped-def]
        clocks["submitted"] = time.perf_counter()
        put_in(dialog)  # unchanged when already typed
        dialog.login_button.click()

    def login_exposed(dialog) -> None:  # type: ignore[no-untyped-def]
        clocks["login"], clocks["login_cpu"] = time.perf_counter(), time.process_time()
        opening = getattr(dialog, "opening", None)
        if kind == "typed":
            put_in(dialog)
            _when_worked_out(dialog, time.perf_counter(), lambda: submit(dialog))
        elif kind == "loaded" and opening is not None:
            opening.when_done(lambda: submit(dialog))
        else:  # after this expose has painted
            QTimer.singleShot(0, lambda: submit(dialog))

    shown = LoginDialog.showEvent

    def show_event(self, event):  # type: ignore[no-untyped-def]
        shown(self, event)
        if "login" not in clocks and "hooked" not in clocks:
            clocks["hooked"] = 1.0
            _on_first_expose(self, lambda: login_exposed(self))

    LoginDialog.showEvent = show_event  # type: ignore[method-assign]
    opener = start.open_main_window

    def open_main_window(*args, **kwargs):  # type: ignore[no-untyped-def]
        gaps = _Gaps()  # the longest the event loop waits from here to 首页 listed

        def exposed() -> None:
            clocks["shown"], clocks["shown_cpu"] = time.perf_counter(), time.process_time()
            clocks["scrypt"] = sum(hashing)
            if "home" in clocks:
                _report(clocks)

        def listed() -> None:
            clocks["home"], clocks["gap"] = time.perf_counter(), gaps.longest()
            if "shown" in clocks:
                _report(clocks)

        _when_home_listed(listed)  # before the window builds 首页
        window = opener(*args, **kwargs)
        _on_first_expose(window, exposed)
        return window

    start.open_main_window = open_main_window  # type: ignore[assignment]
    start.run(["--data-dir", data_dir])


class _Gaps:
    """A 5 ms timer on the GUI thread: the longest wait between two of its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.last, self.most = time.perf_counter(), 0.0
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.most, self.last = max(self.most, now - self.last), now

    def longest(self) -> float:
        self._tick()
        return self.most


def _when_worked_out(dialog, typed_at: float, then) -> None:  # type: ignore[no-untyped-def]
    """Call then() once the loading has ended and the typed text's digest has been worked
    out (a program without digests ahead: once the pause and a hash's time have passed)."""
    from PySide6.QtCore import QTimer

    def ready() -> bool:
        opening = getattr(dialog, "opening", None)
        if opening is not None and not opening.done:
            return False
        if hasattr(dialog, "pause"):  # a program with digests ahead: until it is worked out
            ahead = getattr(dialog, "ahead", None)
            return ahead is not None and ahead.derived >= 1
        return time.perf_counter() - typed_at >= TYPING_PAUSE

    def look() -> None:
        if ready():
            then()
        else:
            QTimer.singleShot(10, look)

    look()


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


def time_one(kind: str, data_dir: Path, password: str) -> dict[str, float]:
    """One process of a kind: its moments in seconds from the process's start (login, opened,
    submitted, shown, home), with the CPU seconds until shown and the login's scrypt seconds.

    The child reads the same system-wide monotonic clock (perf_counter) and prints when it
    saw each, then ends at once; the exit is not the measure."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", kind, str(data_dir), password]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=600)  # fmt: skip
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("{"))
    clocks = json.loads(line)
    moments = {k: v - started for k, v in clocks.items() if k in MOMENTS}
    return {**moments, **{k: clocks[k] for k in ("shown_cpu", "scrypt", "gap") if k in clocks}}


MOMENTS = ("began", "login", "opened", "submitted", "shown", "home")


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


def time_frozen(exe: Path, data_dir: Path, runs: int, bare: float) -> None:
    """The frozen build's start on the same folder: process start to the login dialog painted
    (the window notes it in logs/app.log, 登录窗口已显示), run after run, the first from a
    colder disk; then its `--self-test` (a new folder migrated, every page shown, a sheet and
    a PDF written), process start to exit. Nobody types at the frozen login: it is ended."""
    log = data_dir / "logs" / "app.log"
    env = {**os.environ}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    shown = []
    for _ in range(runs):
        seen = log.stat().st_size if log.exists() else 0
        started = time.time()  # the log's stamps are wall-clock, to the millisecond
        quiet = subprocess.DEVNULL
        process = subprocess.Popen([str(exe), "--data-dir", str(data_dir)], env=env,
                                   stdout=quiet, stderr=quiet)  # fmt: skip
        try:
            shown.append(_logged_at(log, seen, "登录窗口已显示", timeout=120) - started)
        finally:
            process.terminate()
            process.wait(timeout=60)
    print(f"冻结版 {exe.name} 启动→登录对话框显示：中位数 {statistics.median(shown):.2f} 秒"
          f"（{statistics.median(shown) / bare:.1f}× 空白窗口），最快 {min(shown):.2f}，"
          f"最慢 {max(shown):.2f}，首次 {shown[0]:.2f}")  # fmt: skip
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(exe), "--self-test"], capture_output=True, check=False, timeout=300)
        times.append(time.perf_counter() - started)
    print(
        f"冻结版 {exe.name} --self-test：中位数 {statistics.median(times):.2f} 秒，"
        f"最快 {min(times):.2f} 秒，最慢 {max(times):.2f} 秒（首次：{times[0]:.2f} 秒）"
    )


def _logged_at(log: Path, after: int, text: str, timeout: float) -> float:
    """The wall-clock time of the first line holding text written past byte `after`."""
    from datetime import datetime

    deadline = time.time() + timeout
    while time.time() < deadline:
        if log.exists():
            with log.open("rb") as f:
                f.seek(after)
                for line in f.read().decode("utf-8", "replace").splitlines():
                    if text in line:  # 2026-12-04 16:20:01,234 INFO app.ui.app: 登录窗口已显示
                        stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
                        return stamp.timestamp()
        time.sleep(0.01)
    raise TimeoutError(f"{log} 中没有出现“{text}”")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="重新生成演示数据")
    parser.add_argument(
        "--data-dir", help=f"用已有的数据文件夹（管理员 admin，默认密码 {PASSWORD}）"
    )
    parser.add_argument("--password-file", help="管理员 admin 的密码文件（--data-dir 用）")
    parser.add_argument("--frozen", help="冻结版所在文件夹（默认 dist/dangzhengban）")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    data_dir = Path(args.data_dir) if args.data_dir else prepare(args.size, args.rebuild)
    password = PASSWORD
    if args.password_file:
        password = Path(args.password_file).read_text(encoding="utf-8").strip()
    # An installed program runs from compiled bytecode: compile ours once, as an install does,
    # or every run would compile every module (PYTHONDONTWRITEBYTECODE, a read-only folder).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    db = data_dir / "taizhang.sqlite3"
    print(f"数据文件夹 {data_dir}（数据库 {db.stat().st_size / 1e6:.1f} MB）")
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for _ in range(args.runs):  # interleaved, so all see the same machine load
        for kind in KINDS:
            runs[kind].append(time_one(kind, data_dir, password))
    print_figures(runs)
    exe = frozen_build(args.frozen)
    if exe is not None:
        time_frozen(exe, data_dir, args.runs, statistics.median(r["shown"] for r in runs["bare"]))
    else:
        print("dist/ 中没有冻结版（installer/build_frozen.py 生成后本脚本也计时它）")


def print_figures(runs: dict[str, list[dict[str, float]]]) -> None:
    """Median, fastest and slowest of each measure, and the median against the bare window's."""
    bare = statistics.median(r["shown"] for r in runs["bare"])

    def after_submit(kind: str) -> list[float]:
        return [r["shown"] - r["submitted"] for r in runs[kind]]

    rows = [
        ("空白 QMainWindow 显示（基线）", [r["shown"] for r in runs["bare"]]),
        ("登录对话框显示", [r["login"] for r in runs["program"]]),
        ("立即提交：启动→主窗口显示（#14 目标 ≤3×）", [r["shown"] for r in runs["program"]]),
        ("立即提交：提交登录→主窗口显示", after_submit("program")),
        ("加载完即提交：提交登录→主窗口显示", after_submit("loaded")),
        ("打字后提交：提交登录→主窗口显示", after_submit("typed")),
        ("立即提交：启动→首页待办列出", [r["home"] for r in runs["program"]]),
    ]
    print("秒（自进程启动起，或自提交登录起）；倍数为中位数对空白窗口中位数：")
    print("  中位数    最快    最慢    倍数  测量")
    for name, values in rows:
        middle = statistics.median(values)
        print(f"{middle:8.2f}{min(values):8.2f}{max(values):8.2f}{middle / bare:7.1f}×  {name}")
    # CPU seconds move far less with the machine's load than wall-clock seconds do
    cpu_bare = statistics.median(r["shown_cpu"] for r in runs["bare"])
    cpu = statistics.median(r["shown_cpu"] for r in runs["program"])
    print(f"显示前所用 CPU（中位数）：空白 {cpu_bare:.2f} 秒，主窗口（立即提交）{cpu:.2f} 秒，"
          f"{cpu / cpu_bare:.1f}×（含登录的 scrypt）")  # fmt: skip
    gaps = [1000 * r["gap"] for r in runs["program"] if "gap" in r]
    if gaps:  # the window must not freeze while the areas load and 首页 reads (#14: < 100 ms)
        middle = statistics.median(gaps)
        print(f"主窗口建起→首页待办列出，事件循环最长停顿：中位数 {middle:.0f} ms，"
              f"最长 {max(gaps):.0f} ms（立即提交）")  # fmt: skip
    last = runs["program"][-1]
    print("最后一次立即提交的时刻（自进程启动起，秒）：")
    names = {"began": "Python 开始执行", "login": "登录对话框显示",
             "opened": "后台打开数据完成（SQLAlchemy、服务、迁移检查、数据库）",
             "submitted": "提交登录", "shown": "主窗口显示", "home": "首页待办列出"}  # fmt: skip
    for key in MOMENTS:
        if key in last:
            print(f"  {names[key]}：{last[key]:.2f}")
    print(f"  （其中口令校验 scrypt 用时 {last.get('scrypt', 0.0):.2f}）")


if __name__ == "__main__":
    main()
