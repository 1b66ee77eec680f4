"""Chain anchors outside the database: a manifest of the 用印 and audit heads beside a backup.

`check` compares the live chains with every manifest in backups/ (and a folder it is
given, such as a USB stick), so a row edited and re-hashed after a backup is named.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app import clock
from app.db import sqlite_files
from app.private import private_file
from app.services.session import current_data_dir

SUFFIX = ".anchor.json"
CHAINS = {"用印登记簿": "seal_uses", "审计日志": "audit_entries"}
EXTRA_FOLDERS: list[Path] = []  # `check --anchors FOLDER` adds one
# `check --printed N:CODE`: a printed 用印登记簿's 第 N 条校验码 (the first 16 hex digits of
# entry N's hash, which covers every entry before it too).
PRINTED: list[tuple[int, str]] = []
PRINTED_FORM = "应写作 条号:校验码，如 31:2CD0737B24B8A2A6"
_PRINTED = re.compile(r"\s*([1-9][0-9]{0,8})\s*[:：]\s*([0-9A-Fa-f]{8,16})\s*")


@dataclass(frozen=True)
class Anchor:
    path: Path
    taken_at: datetime
    heads: dict[str, tuple[int, str]]  # chain -> (entry count, hash of the last entry)

    @property
    def backup(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(SUFFIX))


def manifest_of(copy: Path) -> Path:
    return copy.with_name(copy.name + SUFFIX)


def write_manifest(copy: Path) -> Path:
    """Beside a fresh backup: each chain's entry count and head hash, read from the copy."""
    heads = {}
    for name, table in CHAINS.items():
        links = sqlite_files.chain_links(copy, table)
        heads[name] = links[-1] if links else (0, "")
    return write_heads(copy, heads)


def heads_of(session: Session) -> dict[str, tuple[int, str]]:
    """Each chain's (entry count, head hash) as the session sees it (a server backup reads
    them in the snapshot pg_dump copies)."""
    heads = {}
    for name, table in CHAINS.items():
        sql = f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
        row = session.connection().exec_driver_sql(sql).first()
        heads[name] = (int(row[0]), str(row[1])) if row else (0, "")
    return heads


def write_heads(copy: Path, heads: dict[str, tuple[int, str]]) -> Path:
    body = {"taken_at": clock.now().isoformat(), "file": copy.name,
            "heads": {name: list(head) for name, head in heads.items()}}  # fmt: skip
    target = private_file(manifest_of(copy))
    target.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def find_anchors(folders: list[Path]) -> list[Anchor]:
    """Every readable manifest in the folders, oldest first."""
    found = []
    for folder in folders:
        for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else ():
            anchor = _read(path)
            if anchor is not None:
                found.append(anchor)
    return sorted(found, key=lambda a: a.taken_at)


def _read(path: Path) -> Anchor | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        heads = {str(k): (int(v[0]), str(v[1])) for k, v in body["heads"].items()}
        return Anchor(path, datetime.fromisoformat(body["taken_at"]), heads)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def check(session: Session) -> list[str]:
    """`check`: per chain, the first entry that differs from an anchor, naming the anchor.

    Anchors taken before the latest restore are not compared: the restore replaced the
    entries after them on purpose (and is itself on the audit trail).
    """
    since = _last_restore(session)
    anchors = [
        a for a in find_anchors([current_data_dir().backups, *EXTRA_FOLDERS])
        if since is None or a.taken_at > since
    ]  # fmt: skip
    findings = []
    for name, table in CHAINS.items():
        live = _live_links(session, table)
        problem = next((p for a in anchors if (p := _compare(name, live, a))), None)
        if problem is None and name == "用印登记簿":
            problem = next((p for n, code in PRINTED if (p := _against_paper(live, n, code))), None)
        if problem:
            findings.append(problem)
    return findings


def parse_printed(text: str) -> tuple[int, str]:
    """`31:2CD0737B24B8A2A6` as typed from a printed register; ValueError otherwise."""
    match = _PRINTED.fullmatch(text)
    if match is None:
        raise ValueError(f"打印的校验码“{text}”{PRINTED_FORM}")
    return int(match[1]), match[2].upper()


def _against_paper(live: dict[int, str], number: int, code: str) -> str | None:
    digest = live.get(number)
    if digest is not None and digest.upper().startswith(code):
        return None
    what = (
        "缺失（被删除）" if digest is None else "或其前的登记与打印的登记簿不符（已被改动或重算）"
    )
    return f"用印登记簿第 {number} 条{what}；锚点：打印的登记簿（第 {number} 条校验码 {code}）"


def _live_links(session: Session, table: str) -> dict[int, str]:
    sql = f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL"
    return {int(s): str(h) for s, h in session.connection().exec_driver_sql(sql)}


def _last_restore(session: Session) -> datetime | None:
    sql = "SELECT at FROM audit_entries WHERE action = '恢复' ORDER BY id DESC LIMIT 1"
    at = session.connection().exec_driver_sql(sql).scalar()
    return None if at is None else datetime.fromisoformat(str(at) + "+00:00")


def _compare(name: str, live: dict[int, str], anchor: Anchor) -> str | None:
    count, head = anchor.heads.get(name, (0, ""))
    if count == 0 or live.get(count) == head:
        return None
    first = _first_difference(live, anchor, name, count)
    what = "缺失（被删除）" if first not in live else "与锚点不符（已被改动或重算）"
    when = f"{anchor.taken_at:%Y-%m-%d %H:%M}"
    told = f"（{when}，记有 {count} 条，末条校验码 {head[:16].upper()}）"
    return f"{name}第 {first} 条{what}；锚点：{anchor.path.name}{told}"


def _first_difference(live: dict[int, str], anchor: Anchor, name: str, count: int) -> int:
    """Entry by entry against the backup beside the manifest; its head alone without it."""
    try:
        kept = sqlite_files.chain_links(anchor.backup, CHAINS[name])
    except (OSError, sqlite_files.sqlite3.DatabaseError):
        kept = []
    for seq, digest in kept:
        if seq <= count and live.get(seq) != digest:
            return seq
    return count
