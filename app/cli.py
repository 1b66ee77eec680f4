"""python -m app.cli: the same services as the window, headless, no logic of its own."""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from app.config import resolve_data_dir
from app.services.registry import KIND_NAMES  # the fixed KIND names, defined once

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _out(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _open(args: argparse.Namespace) -> None:
    from app.services.modules import load_all
    from app.services.session import open_database

    load_all()
    open_database(resolve_data_dir(args.data_dir, args.database_url))


def _uow(read_only: bool = False) -> Any:  # a unit of work; the services load lazily
    from app.services.context import CLI
    from app.services.session import unit_of_work

    return unit_of_work(CLI, read_only=read_only)


def cmd_init(args: argparse.Namespace) -> int:
    from app.services import users

    password = Path(args.admin_password_file).read_text(encoding="utf-8").strip()
    form = users.SetupForm(
        org_name=args.org, fonds_code=args.fonds, issuer_codes=args.issuer_codes.split(","),
        admin_username=args.admin, admin_display_name="管理员", admin_password=password,
    )  # fmt: skip
    with _uow() as session:
        users.first_run_setup(session, form)
    _out(f"已初始化：{args.org}（全宗号 {form.fonds_code.upper()}），管理员登录名 {args.admin}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.registry import DEMOS

    rng = random.Random(args.seed)
    for module, fill in DEMOS:
        started = time.perf_counter()
        with _uow() as session:
            count = fill(session, args.size, rng)
        # each module's share, commit included: the figure `demo --size 200000` is judged by
        _out(f"{module}：已生成 {count} 条演示数据（{time.perf_counter() - started:.1f} 秒）")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from app.services import anchors
    from app.services.registry import CHECKS

    anchors.EXTRA_FOLDERS[:] = [Path(folder) for folder in args.anchors]
    anchors.PRINTED[:] = args.printed
    findings = 0
    with _uow(read_only=True) as session:
        for name, check in CHECKS:
            problems = check(session)
            findings += len(problems)
            _out(f"{name}：{'正常' if not problems else f'发现 {len(problems)} 处问题'}")
            for problem in problems:
                _out(f"  - {problem}")
    _out("检查完毕：未发现问题" if not findings else f"检查完毕：共 {findings} 处问题")
    return EXIT_OK if not findings else EXIT_FINDINGS


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services import backup
    from app.services.context import CLI
    from app.services.session import current_data_dir

    out = Path(args.out)
    # "E:\备份\" or a name with no extension means a folder: a missing one is refused
    # (by backup_to) instead of the database being written as a file of that name
    folder = out.is_dir() or args.out.endswith(("/", "\\")) or not out.suffix
    if current_data_dir().on_server:
        return _backup_server(out, folder)
    if folder:
        made = backup.backup_to(CLI, out)
        _out(f"已备份数据库到 {made.database}，新复制附件 {made.attachments_copied} 个到 "
             f"{made.attachments_folder}")  # fmt: skip
        return EXIT_OK
    _out(f"已备份数据库到 {backup.backup_file(CLI, out)}（仅数据库，不含附件文件）")
    return EXIT_OK


def _backup_server(out: Path, folder: bool) -> int:
    from app.services import server_backup
    from app.services.context import CLI

    made = server_backup.backup(CLI, server_backup.target_of(out, folder=folder))
    _out(f"已备份服务器数据库到 {made}（pg_dump，含附件）")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services import backup, server_backup
    from app.services.context import CLI
    from app.services.modules import load_all

    load_all()
    data_dir = resolve_data_dir(args.data_dir, args.database_url)
    if data_dir.on_server:
        moved = server_backup.restore(CLI, Path(args.file), data_dir.ensure())
        kept = f"恢复前的服务器数据库保留为 {moved.safety_copy}"
        _out(f"已从 {moved.restored_from.name} 恢复；{kept}")
        return EXIT_OK
    done = backup.restore(CLI, Path(args.file), data_dir)
    kept = f"恢复前的数据已另存为 {done.safety_copy}" if done.safety_copy else "原先没有数据库"
    _out(f"已从 {done.restored_from.name} 恢复；{kept}")
    return EXIT_OK


def cmd_move_to_server(args: argparse.Namespace) -> int:
    from app.services import move
    from app.services.context import CLI
    from app.services.session import current_data_dir, dispose

    data_dir = current_data_dir()
    dispose()  # the local file is only read from here on, by the move's own engine
    done = move.move_to_server(CLI, data_dir, args.url)
    _out(f"已迁移到服务器：{done.tables} 个表共 {done.rows} 行，附件 {done.blobs} 个，"
         "行数与用印、审计链两边一致。")  # fmt: skip
    _out(f"本机今后使用服务器（设置保存在 {done.settings}）；本机原数据库文件保留未动。")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.transfer import DryRun, import_file

    try:
        with _uow() as session:
            count = import_file(session, args.kind, Path(args.file), dry_run=args.dry_run)
    except DryRun as dry:
        _out(f"检查通过：{dry.count} 行可以导入（试导入，未写入）")
        return EXIT_OK
    _out(f"已导入 {count} 行")
    return EXIT_OK


def cmd_imports(args: argparse.Namespace) -> int:
    from app.services import batches

    with _uow() as session:
        rows = batches.list_batches(session)
    if not rows:
        _out("还没有导入记录")
    for row in rows:
        _out(row.line())
    return EXIT_OK


def cmd_undo_import(args: argparse.Namespace) -> int:
    from app.services import batches

    with _uow() as session:
        plan = batches.plan_undo(session, args.id)
        note = batches.undo_import(session, args.id)
    _out(plan.summary())
    _out(f"已撤销导入 {args.id}（{plan.batch.file_name}）：{note}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.transfer import export_file

    out = Path(args.out)
    # a folder (one that exists, or one written as a folder, 导出/): the file named for
    # what it holds, as the window names it
    if out.is_dir() or args.out.endswith(("/", "\\")):
        out = out / f"{_export_name(args)}.xlsx"
    folder = out.resolve().parent
    if not folder.is_dir():
        _err(f"输出文件夹不存在：{folder}。请先建好文件夹，或换一个位置。")
        return EXIT_BAD_INPUT
    with _uow() as session:
        count = export_file(session, args.kind, out, _query(args))
    _out(f"已导出 {count} 行到 {out}")
    return EXIT_OK


def _export_name(args: argparse.Namespace) -> str:
    """收文登记簿-2026, 值班日志-20261001至20261007, or the title alone for everything."""
    from app.services.registry import EXPORTS, file_stem

    return file_stem(EXPORTS[args.kind].title, _query(args))


def cmd_roster(args: argparse.Namespace) -> int:
    from app.services.duty.roster import generate

    with _uow() as session:
        result = generate(session, args.date_from, args.date_to)
    for warning in result.warnings:
        _err(warning)
    _out(f"已排班 {len(result.days)} 天（{args.date_from} 至 {args.date_to}）")
    _out("姓名\t身份\t工作日\t周末\t节假日\t加权\t本年节假日")
    for t in result.tallies:
        _out(
            f"{t.name}\t{t.role}\t{t.workday}\t{t.weekend}\t{t.holiday}\t{t.points}\t{t.year_holiday}"
        )
    return EXIT_OK


def cmd_archive(args: argparse.Namespace) -> int:
    from app.services.archives import filing
    from app.services.archives.codes import PERIOD_NAMES

    with _uow() as session:
        done = (filing.plan_year if args.dry_run else filing.file_year)(session, args.year)
    verb = "试归档（未写入）" if args.dry_run else "已归档"
    _out(f"{args.year}年度{verb}：共 {done.filed} 件")
    for period, count in done.per_period.items():
        _out(f"  {PERIOD_NAMES[period]}（{period}）：{count} 件")
    _out(f"  不归档：{done.skipped} 件")
    return EXIT_OK


def cmd_fill(args: argparse.Namespace) -> int:
    from app.services.returns.cli import run_fill

    return run_fill(args, _uow, _out, _err)


def _query(args: argparse.Namespace) -> Any:  # an ExportQuery
    from app.services.registry import ExportQuery

    options = {name: getattr(args, name, None) for name in ("period", "batch")}
    return ExportQuery(year=args.year, date_from=args.date_from, date_to=args.date_to,
                       options={k: v for k, v in options.items() if v} or None)  # fmt: skip


def _year(text: str) -> int:
    """A four-digit year: `--year 26` would export an empty register of the year 26."""
    if not (text.isdigit() and len(text) == 4 and 1949 < int(text) < 2200):
        raise argparse.ArgumentTypeError(f"年度应写四位数，如 2026（收到：{text}）")
    return int(text)


def _printed(text: str) -> tuple[int, str]:
    from app.services.anchors import parse_printed

    try:
        return parse_printed(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _kind(text: str) -> str:
    if text not in KIND_NAMES:
        raise argparse.ArgumentTypeError(f"未知的类别“{text}”，可用的有：{'、'.join(KIND_NAMES)}")
    return text


class _Parser(argparse.ArgumentParser):
    """Refusals in one Chinese line (argparse's own say "error: argument kind: invalid …")."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("argument ") and ": " in message:
            message = message.split(": ", 1)[1]
        message = message.replace("the following arguments are required", "缺少参数")
        self.exit(EXIT_BAD_INPUT, f"{self.prog}：{message}\n")


def _date(text: str) -> date:
    from app.common.dates import parse_date

    parsed = parse_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"无法识别的日期：{text}")
    return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m app.cli", description="党政办台账 命令行")
    parser.add_argument("--data-dir", help="数据文件夹（默认：本用户的数据目录）")
    parser.add_argument("--database-url", help="办公室服务器（postgresql+psycopg://用户@地址/库；"
                        "或设 DZB_DATABASE_URL）；不设则用数据文件夹里的本机数据库")  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令",
                                parser_class=_Parser)  # fmt: skip
    p = sub.add_parser("init", help="首次设置：单位、全宗号、管理员")
    p.add_argument("--org", required=True)
    p.add_argument("--fonds", required=True)
    p.add_argument("--admin-password-file", required=True)
    p.add_argument("--admin", default="admin")
    p.add_argument("--issuer-codes", default="镇委,镇政,镇政办", help="机关代字，逗号分隔")
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("demo", help="生成演示数据")
    p.add_argument("--size", type=int, default=200)
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("check", help="检查数据库、台账链与附件，并与备份旁的锚点核对")
    p.add_argument("--anchors", action="append", default=[], metavar="文件夹",
                   help="另一处存有备份锚点（*.anchor.json）的文件夹，如U盘；可重复")  # fmt: skip
    p.add_argument("--printed", action="append", default=[], type=_printed, metavar="条号:校验码",
                   help="打印的用印登记簿页脚的“第 N 条校验码”，如 31:2CD0737B")  # fmt: skip
    p.set_defaults(handler=cmd_check)
    p = sub.add_parser("backup", help="备份数据库（--out 为文件夹时连同附件）")
    p.add_argument("--out", required=True, help="备份文件名，或文件夹（如U盘）")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="从备份文件恢复（先检查文件，并保留恢复前副本）")
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)
    p = sub.add_parser(
        "move-to-server", help="把本机数据与附件迁移到空的服务器数据库，核对后改用服务器"
    )
    p.add_argument("url", help="postgresql+psycopg://用户@地址/库（须为空库）")
    p.set_defaults(handler=cmd_move_to_server)
    p = sub.add_parser("import", help="从 Excel/CSV 导入")
    p.add_argument("kind", type=_kind, metavar="类别")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("imports", help="列出导入记录（批次号在前）")
    p.set_defaults(handler=cmd_imports)
    p = sub.add_parser("undo-import", help="撤销一次导入（用印追加作废登记）")
    p.add_argument("id", type=int)
    p.set_defaults(handler=cmd_undo_import)
    p = sub.add_parser("export", help="导出为 xlsx 或 pdf")
    p.add_argument("kind", type=_kind, metavar="类别")
    p.add_argument(
        "--out", required=True, help="文件名（.xlsx 或 .pdf），或文件夹（文件按内容命名）"
    )
    p.add_argument("--year", type=_year)
    p.add_argument("--from", dest="date_from", type=_date)
    p.add_argument("--to", dest="date_to", type=_date)
    p.add_argument("--period", help="档案保管期限：Y、D30 或 D10（档案目录、归档章、盒脊、备考表）")
    p.add_argument("--batch", help="清册号（档案销毁清册、移交清册）")
    p.set_defaults(handler=cmd_export)
    p = sub.add_parser("archive", help="年度归档：按保管期限表归档该年度已办结收文、已核发发文")
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--dry-run", action="store_true", help="只显示将归档多少件，不写入")
    p.set_defaults(handler=cmd_archive)
    p = sub.add_parser("roster", help="生成并保存值班排班，打印每人班次统计")
    p.add_argument("--from", dest="date_from", type=_date, required=True)
    p.add_argument("--to", dest="date_to", type=_date, required=True)
    p.set_defaults(handler=cmd_roster)
    _fill_parser(sub)
    return parser


def _fill_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fill", help="按县里发来的 xlsx 模板填表（清单或统计表）")
    p.add_argument("template", metavar="模板.xlsx")
    kinds = "incoming、outgoing、tasks、seal-uses、visits、roster、duty-log、archive-items"
    p.add_argument("--from", dest="kind", required=True, metavar="类别", help=kinds)
    p.add_argument("--year", type=_year)
    p.add_argument("--from-date", dest="date_from", type=_date)
    p.add_argument("--to-date", dest="date_to", type=_date)
    p.add_argument("--out", help="填好的文件（.xlsx）")
    p.add_argument("--dry-run", action="store_true", help="只列出找到的对应关系，不写文件")
    p.add_argument("--partial", action="store_true", help="有对应不上的标签时仍然填写（其格不动）")
    p.add_argument("--no-chart", dest="chart", action="store_false", help="不添加“统计图”工作表")
    p.set_defaults(handler=cmd_fill)
    _server_setup_parser(sub)


def cmd_server_setup(args: argparse.Namespace) -> int:
    from app.serversetup.options import make_options
    from app.serversetup.run import setup

    def secret(name: str | None) -> str | None:
        return Path(name).read_text(encoding="utf-8").strip() if name else None

    installer = Path(args.installer) if args.installer else None
    if installer is not None and not installer.is_file():
        _err(f"找不到安装程序：{installer}")
        return EXIT_BAD_INPUT
    options = make_options(
        args.subnet, secret(args.password_file), database=args.database, user=args.user,
        port=args.port, listen=args.listen, installer=installer,
        superpassword=secret(args.superpassword_file), backup_time=args.backup_time,
        backup_dir=Path(args.backup_dir) if args.backup_dir else None,
    )  # fmt: skip
    if args.dry_run:
        _out("（演练：只列出步骤，不做任何改动）")
    setup(options, args.platform, dry_run=args.dry_run, say=_out)
    return EXIT_OK


def _server_setup_parser(sub: Any) -> None:
    from app.serversetup.run import this_platform

    p = sub.add_parser("server-setup", help="在作为办公室服务器的电脑上安装并设置 PostgreSQL")
    p.add_argument("--subnet", required=True, help="本办公室网段，只允许它连接，如 192.168.1.0/24")
    p.add_argument("--database", default="dzb", help="数据库名（默认 dzb）")
    p.add_argument("--user", default="dzb", help="程序登录用的角色（默认 dzb）")
    p.add_argument("--password-file", help="该角色的密码文件；不给则生成一个并在最后显示")
    p.add_argument("--port", type=int, default=5432, help="端口（Windows 安装时用；默认 5432）")
    p.add_argument("--listen", default="*", help="listen_addresses（默认 *，由 pg_hba 把关）")
    p.add_argument("--installer", help="Windows：EDB 的 PostgreSQL 安装程序（无人值守安装）")
    p.add_argument("--superpassword-file", help="Windows：超级用户 postgres 的密码文件")
    p.add_argument("--backup-dir", help="每晚 pg_dump 备份到此文件夹（Debian：cron，默认 "
                   "/var/backups/dzb；Windows：任务计划程序，给了才备份）")  # fmt: skip
    p.add_argument("--backup-time", default="02:00", help="每晚备份的时间（默认 02:00）")
    p.add_argument("--platform", choices=("debian", "windows"), default=this_platform(),
                   help="默认为本机系统；演练时可看另一系统的步骤")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="只列出步骤，不做改动")
    p.set_defaults(handler=cmd_server_setup)


# Commands that change registers: on the server the other PCs' open pages reload (all of them:
# a command does not say which registers it touched).
_CHANGING = {cmd_init, cmd_demo, cmd_import, cmd_undo_import, cmd_roster, cmd_archive}


def _tell_other_pcs() -> None:
    from app.services import changes
    from app.services.session import current_data_dir

    if current_data_dir().on_server:
        with _uow() as session:
            changes.notify(session, [changes.EVERYTHING])


def main(argv: Sequence[str] | None = None) -> int:
    from app.services.errors import DomainError, ImportRejected, StorageError

    args = build_parser().parse_args(argv)
    try:
        # restore must work when the database cannot open; server-setup makes the database
        if args.handler not in (cmd_restore, cmd_server_setup):
            _open(args)
        code = int(args.handler(args))
        if code == EXIT_OK and args.handler in _CHANGING and not getattr(args, "dry_run", False):
            _tell_other_pcs()
        return code
    except ImportRejected as rejected:
        for error in rejected.errors:
            _err(str(error))
        _err(rejected.message)
        return EXIT_BAD_INPUT
    except (DomainError, StorageError) as exc:
        _err(exc.message)
        return EXIT_BAD_INPUT
    except OSError as exc:
        _err(f"无法读写文件：{exc.filename or exc}（{exc.strerror or exc}）")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
