"""Backups: online copies into backups/ (on exit, daily, by hand), to a USB stick, restore."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app import clock
from app.config import DataDir
from app.db import sqlite_files
from app.db.dialect import is_postgres
from app.db.engine import make_engine
from app.db.migrate import APPLICATION_ID, upgrade
from app.db.session import hold
from app.services import anchors, attachments, audit, registry
from app.services.context import Actor, Perm
from app.services.errors import DomainError, PermissionDenied
from app.services.session import current_data_dir, open_database, unit_of_work

KEEP_LAST = 30
ROUTINE = "备份"  # 备份-YYYYMMDD-HHMMSS.sqlite3: by hand, daily, on exit
KINDS = {ROUTINE: "常规备份", "升级前": "升级前自动备份", "恢复前": "恢复前安全副本"}
_NAME = re.compile(
    r"^(?P<kind>备份|升级前|恢复前)-(?:.*-)?(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$"
)
USB_ATTACHMENTS = "附件"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # 常规备份 | 升级前自动备份 | 恢复前安全副本
    taken_at: datetime  # local time from the file name
    size: int


def _stamp(now: datetime | None = None) -> str:
    return (now or clock.now()).strftime("%Y%m%d-%H%M%S")


def _free_name(folder: Path, prefix: str, now: datetime | None = None) -> Path:
    return free_name(folder, prefix, ".sqlite3", now)


def free_name(folder: Path, prefix: str, suffix: str, now: datetime | None = None) -> Path:
    """<prefix>-YYYYMMDD-HHMMSS<suffix> in folder, -2, -3… when that name is taken."""
    base = f"{prefix}-{_stamp(now)}"
    target, n = folder / f"{base}{suffix}", 1
    while target.exists():  # two backups in one second
        n += 1
        target = folder / f"{base}-{n}{suffix}"
    return target


def list_backups(data_dir: DataDir | None = None) -> list[BackupInfo]:
    """Every copy in backups/, newest first."""
    folder = (data_dir or current_data_dir()).backups
    found = []
    for path in folder.glob("*.sqlite3") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, KINDS[match["kind"]], taken, path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


SERVER_BACKUP = ("办公室服务器上的数据请用命令行备份：python -m app.cli backup --out 文件夹"
                 "（pg_dump，含附件）。")  # fmt: skip


def _local(data_dir: DataDir) -> DataDir:
    """The folder's own SQLite file: on the office server there is none to copy."""
    if data_dir.on_server:
        raise DomainError(SERVER_BACKUP)
    return data_dir


def backup_now(now: datetime | None = None) -> BackupInfo:
    """One online copy into backups/, then prune old routine copies."""
    data_dir = _local(current_data_dir())
    target = _free_name(data_dir.backups, ROUTINE, now)
    sqlite_files.copy_database(data_dir.database, target)
    anchors.write_manifest(target)
    prune(data_dir)
    return next(b for b in list_backups(data_dir) if b.path == target)


def prune(data_dir: DataDir) -> list[Path]:
    """Keep the last 30 routine copies plus the newest of each month; remove the rest."""
    return prune_copies([b for b in list_backups(data_dir) if b.kind == KINDS[ROUTINE]])


def prune_copies(routine: list[BackupInfo]) -> list[Path]:
    """prune()'s rule over any routine copies, newest first (the server's dumps too)."""
    keep = {b.path for b in routine[:KEEP_LAST]}
    months: set[tuple[int, int]] = set()
    for b in routine:  # newest first, so the first seen of a month is its newest
        if (b.taken_at.year, b.taken_at.month) not in months:
            months.add((b.taken_at.year, b.taken_at.month))
            keep.add(b.path)
    removed = [b.path for b in routine if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_backup_if_due(now: datetime | None = None) -> BackupInfo | None:
    """At start: one routine copy a day (none on the office server: it keeps its own)."""
    if current_data_dir().on_server:
        return None
    today = (now or clock.now()).date()
    if any(b.taken_at.date() == today for b in _routine()):
        return None
    return backup_now(now)


def backup_on_exit(now: datetime | None = None) -> BackupInfo | None:
    """On exit: a copy unless nothing was written since the newest copy."""
    data_dir = current_data_dir()
    if data_dir.on_server:
        return None
    routine = _routine()
    if routine and _last_write(data_dir) <= routine[0].path.stat().st_mtime:
        return None
    return backup_now(now)


def _routine() -> list[BackupInfo]:
    return [b for b in list_backups() if b.kind == KINDS[ROUTINE]]


def _last_write(data_dir: DataDir) -> float:
    files = [data_dir.database, data_dir.database.with_name(data_dir.database.name + "-wal")]
    return max(f.stat().st_mtime for f in files if f.exists())


@dataclass(frozen=True)
class UsbBackup:
    database: Path
    attachments_copied: int
    attachments_folder: Path


def backup_to(actor: Actor, folder: Path) -> UsbBackup:
    """To a chosen folder (a USB stick): the database copy, and the attachment files
    missing from <folder>/附件 (content-addressed, so repeat backups copy only new files)."""
    _require(actor, Perm.MANAGE_SETTINGS)
    folder = Path(folder)
    if not folder.is_dir():
        raise DomainError(f"找不到文件夹：{folder}（U盘是否已插好？）")
    data_dir = _local(current_data_dir())
    target = sqlite_files.copy_database(data_dir.database, _free_name(folder, ROUTINE))
    anchors.write_manifest(target)
    copied = _copy_missing_files(data_dir.attachments, folder / USB_ATTACHMENTS)
    _audit(actor, "备份", target.name, f"备份到 {folder}（新复制附件 {copied} 个）")
    return UsbBackup(target, copied, folder / USB_ATTACHMENTS)


def backup_file(actor: Actor, target: Path) -> Path:
    """The database alone into one named file (the command line's `backup --out FILE`)."""
    _require(actor, Perm.MANAGE_SETTINGS)
    target = Path(target)
    if target.resolve() == _local(current_data_dir()).database.resolve():
        raise DomainError("不能把备份写到正在使用的数据库上。")
    if not target.parent.is_dir():
        raise DomainError(f"找不到文件夹：{target.parent}")
    sqlite_files.copy_database(current_data_dir().database, target)
    anchors.write_manifest(target)
    _audit(actor, "备份", target.name, f"备份到 {target}")
    return target


def _audit(actor: Actor, action: str, name: str, summary: str) -> None:
    """Data leaving the PC, or replaced, is on the audit trail like any change."""
    with unit_of_work(actor) as session:
        audit.record(session, action, "数据库", name, actor=actor, summary=summary)


def _copy_missing_files(source: Path, target: Path, *, read_only: bool = False) -> int:
    """Content-addressed files missing from target; read_only when target is the store."""
    copied = 0
    for path in source.glob("??/*") if source.is_dir() else ():
        dest = target / path.parent.name / path.name
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            part = dest.with_name(dest.name + ".part")
            shutil.copyfile(path, part)
            part.replace(dest)
            if read_only:
                attachments.seal(dest)
            copied += 1
    return copied


def _require(actor: Actor, perm: Perm) -> None:
    if not actor.can(perm):
        raise PermissionDenied(f"{actor.role}无权{perm}。")


def check_backup_file(path: Path, scratch: Path | None = None) -> str:
    """Refuse anything that is not a sound backup of this program; return its revision."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(f"找不到备份文件：{path.name}")
    report = sqlite_files.inspect_file(path)
    if not report.readable:
        raise DomainError(f"“{path.name}”不是本程序的备份文件（无法作为数据库打开）。")
    if report.integrity != "ok":
        raise DomainError(f"备份文件“{path.name}”已损坏（完整性检查未通过），不能恢复。")
    not_ours = DomainError(f"“{path.name}”不是本程序的备份文件。")
    if report.revision is None or report.application_id not in (0, APPLICATION_ID):
        raise not_ours
    if report.revision not in sqlite_files.known_revisions():
        raise DomainError(
            f"备份文件“{path.name}”来自更新版本或未知版本的程序（结构版本 {report.revision}），"
            "本程序不能恢复它。请先升级本程序。"
        )
    expected = sqlite_files.schema_at(report.revision, scratch or path.parent)
    if report.schema != expected:  # same revision name, different tables: another program
        raise not_ours
    return report.revision


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: Path
    safety_copy: Path | None  # None when there was no database to keep
    attachments_copied: int


def restore(actor: Actor, file: Path, data_dir: DataDir | None = None) -> RestoreOutcome:
    """Check the file, keep a 恢复前 copy, write it into the live database (migrated if older).

    data_dir is given when the database could not be opened (a damaged file is exactly
    when a restore is needed); otherwise the open data folder is used. The folder is held
    alone meanwhile: with another window or command open on it, the restore is refused.
    """
    _require(actor, Perm.RESTORE)
    file, data_dir = Path(file), _local(data_dir or current_data_dir())
    if file.resolve() == data_dir.database.resolve():
        raise DomainError("这是正在使用的数据库，不是备份文件。")
    data_dir.ensure()
    check_backup_file(file, data_dir.temp)
    lock = hold(data_dir)
    lock.upgrade("恢复备份")
    try:
        safety = _restore_locked(file, data_dir)
    finally:
        lock.downgrade()
    open_database(data_dir)
    copied = _copy_missing_files(
        file.parent / USB_ATTACHMENTS, data_dir.attachments, read_only=True
    )
    kept = safety.name if safety else "无"
    _audit(actor, "恢复", file.name, f"从 {file.name} 恢复；恢复前副本 {kept}")
    return RestoreOutcome(file, safety, copied)


def _restore_locked(file: Path, data_dir: DataDir) -> Path | None:
    """Stage, migrate and check the candidate; only a clean one reaches the live data."""
    staged = data_dir.temp / "恢复候选.sqlite3"
    try:
        sqlite_files.copy_database(file, staged, read_only=True)
        upgrade(staged)
        findings = candidate_findings(staged)
        if findings:
            shown = "；".join(findings[:3])
            raise DomainError(f"备份文件“{file.name}”检查未通过，未恢复：{shown}")
        safety = _safety_copy(data_dir)
        sqlite_files.restore_into(staged, data_dir.database)
    finally:
        for suffix in ("", "-wal", "-shm"):
            staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    return safety


def candidate_findings(path: Path) -> list[str]:
    """`check` of a file that is not the open database (the files beside it aside)."""
    engine = make_engine(path)
    try:
        with Session(engine) as session:
            return [
                f"{name}：{problem}"
                for name, check in registry.CHECKS
                if name not in registry.FILE_CHECKS
                for problem in check(session)
            ]
    finally:
        engine.dispose()


def _safety_copy(data_dir: DataDir) -> Path | None:
    """The current data as a 恢复前 copy; a byte copy when SQLite cannot read it."""
    if not data_dir.database.exists():
        return None
    target = _free_name(data_dir.backups, "恢复前")
    return sqlite_files.copy_for_rescue(data_dir.database, target)


def check_database(session: Session) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check on the open database (the office
    server checks its own pages and keys as it writes: nothing to ask it here)."""
    if is_postgres(session):  # asks the session: a candidate file is checked unbound
        return []
    return sqlite_files.integrity_findings(session.connection())


registry.register_check("数据库完整性", check_database)
registry.register_check("链锚点核对", anchors.check, of_files=True)
