"""server-setup from start to end: the platform's steps, then the URL for the other PCs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from app.serversetup import debian, windows
from app.serversetup.options import Options
from app.serversetup.steps import run_steps, this_pc_address, url_for_others
from app.services.errors import DomainError


def this_platform() -> str:
    return "windows" if sys.platform == "win32" else "debian"


def setup(o: Options, platform: str, *, dry_run: bool, say: Callable[[str], None]) -> str:
    """Run (or with dry_run only list) the steps; returns the URL the other PCs connect to."""
    if platform == "windows":
        steps, _server = windows.plan(o)
        port = o.port
    else:
        if not dry_run and os.name == "posix" and os.geteuid() != 0:
            raise DomainError("请以 root 运行（sudo python -m app.cli server-setup …）："
                              "要安装软件并修改服务器配置")  # fmt: skip
        steps, cluster = debian.plan(o)
        port = o.port
    run_steps(steps, dry_run, say)
    if platform != "windows" and not dry_run:
        port = cluster.port  # Debian's cluster keeps its own port
    url = url_for_others(Options(**{**o.__dict__, "port": port}), this_pc_address(o.subnet))
    say(f"其他电脑连接：{url}")
    if o.generated and not dry_run:
        say(f"用户 {o.user} 的密码：{o.password}")
        say("（请记下；各电脑第一次连接时输入，之后由系统凭据保存）")
    return url
