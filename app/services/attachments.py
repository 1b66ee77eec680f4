"""Attached files by SHA-256: in the data folder, or on the office server in its blobs table;
never onto a record with a 密级."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Generator, Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.db.dialect import is_postgres
from app.models.attachments import Attachment
from app.services import audit, blob_store, registry
from app.services.context import Perm, actor_of, require
from app.services.errors import DomainError, NotFoundError, StorageError, ValidationError
from app.services.session import current_data_dir

SECRET_LEVELS = ("绝密", "机密", "秘密")
SECRET_REFUSAL = (
    "该记录标有密级“{level}”，不能添加电子附件。依据《保守国家秘密法》（2024年修订）第三十一条，"
    "涉密信息不得在非涉密计算机上存储、处理；本程序只登记纸质件信息"
    "（文号、标题、日期、纸质件由谁保管）。"
)
CHUNK = 1 << 20
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_log = logging.getLogger(__name__)

SecrecyOf = Callable[[Session, int], str | None]


@dataclass(frozen=True)
class _Owner:
    secrecy_of: SecrecyOf
    perm: Perm


_OWNERS: dict[str, _Owner] = {}


def register_owner(
    owner_kind: str, secrecy_of: SecrecyOf, *, perm: Perm = Perm.EDIT_REGISTERS
) -> None:
    """A module declares a kind of record that can hold files and how to read its 密级.

    secrecy_of returns the record's 密级 (绝密/机密/秘密, or None/"" for none) and raises
    NotFoundError when the record does not exist.
    """
    _OWNERS[owner_kind] = _Owner(secrecy_of, perm)


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    owner_kind: str
    owner_id: int
    sha256: str
    size: int
    file_format: str
    original_name: str
    added_at: datetime
    added_by: str


# Magic bytes by family; a known suffix must match its family.
_MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "zip": (b"PK\x03\x04",),  # ofd, docx, xlsx are zip containers
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # doc, xls
}
_SUFFIXES = {
    ".pdf": ("pdf", "pdf"),
    ".jpg": ("jpg", "jpg"),
    ".jpeg": ("jpg", "jpg"),
    ".png": ("png", "png"),
    ".tif": ("tif", "tif"),
    ".tiff": ("tif", "tif"),
    ".ofd": ("ofd", "zip"),
    ".docx": ("docx", "zip"),
    ".xlsx": ("xlsx", "zip"),
    ".doc": ("doc", "ole"),
    ".xls": ("xls", "ole"),
}


def detect_format(path: Path, head: bytes) -> str:
    """The file's format from its suffix, confirmed by its first bytes."""
    family_of_content = next(
        (fam for fam, marks in _MAGIC.items() if any(head.startswith(m) for m in marks)), None
    )
    known = _SUFFIXES.get(path.suffix.lower())
    if known is None:
        if family_of_content in ("pdf", "jpg", "png", "tif"):
            return family_of_content
        return path.suffix.lower().lstrip(".")[:20] or "未知"
    file_format, family = known
    if family_of_content != family:
        raise ValidationError(
            f"文件“{path.name}”的内容与扩展名 {path.suffix} 不符（文件可能已损坏或被改名），"
            "请检查后再添加。",
            field="file",
        )
    return file_format


def stored_path(sha256: str, file_format: str) -> Path:
    return current_data_dir().attachments / sha256[:2] / f"{sha256}.{file_format}"


def _check_owner(session: Session, owner_kind: str, owner_id: int) -> None:
    owner = _OWNERS.get(owner_kind)
    if owner is None:
        raise ValidationError(f"“{owner_kind}”记录不能添加附件。", field="owner_kind")
    require(session, owner.perm)
    level = (owner.secrecy_of(session, owner_id) or "").strip()
    for secret in SECRET_LEVELS:
        if level.startswith(secret):
            raise ValidationError(SECRET_REFUSAL.format(level=secret), field="file")


def refusal(session: Session, /, owner_kind: str, owner_id: int) -> str | None:
    """Why no file may be added to this record (its 密级, the clerk's role), or None.

    The window asks before offering a file picker, so the rule lives only here.
    """
    try:
        _check_owner(session, owner_kind, owner_id)
    except DomainError as exc:
        return exc.message
    return None


def _source_chunks(source: Path) -> Generator[bytes, None, None]:
    """The clerk's file in chunks; one that cannot be read is theirs to fix, not our disk."""
    try:
        with open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                yield chunk
    except FileNotFoundError as exc:
        raise ValidationError(f"找不到文件：{source.name}", field="file") from exc
    except OSError as exc:  # locked by WPS or a scanner, no permission, a folder, a pulled USB
        raise ValidationError(
            f"无法读取文件“{source.name}”：文件正被其他程序占用或无权访问。"
            "请关闭占用它的程序后重试。",
            field="file",
        ) from exc


def _copy_in(source: Path, session: Session) -> tuple[str, int, str]:
    """The file into the store: (sha256, size, format)."""
    with closing(_source_chunks(source)) as chunks:
        first = next(chunks, b"")
        if not first:
            raise ValidationError(f"文件“{source.name}”是空文件，不能作为附件。", field="file")
        file_format = detect_format(source, first[:16])
        if is_postgres(session):  # the server's blobs table: one pg_dump holds every file
            return (*blob_store.put(session, chain([first], chunks)), file_format)
        return (*_copy_into_folder(source, chain([first], chunks), file_format, session),
                file_format)  # fmt: skip


def _copy_into_folder(source: Path, chunks: Iterable[bytes], file_format: str,
                      session: Session) -> tuple[str, int]:  # fmt: skip
    """Copy while hashing into a temp file beside the store, then rename into place.

    Whatever fails, no temp file is left, and no stored file unless the row commits.
    """
    temp: Path | None = None
    try:
        store = current_data_dir().attachments
        store.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=store, prefix=".incoming-")
        temp = Path(temp_name)
        sha, size = _write_hashing(fd, chunks)
        _settle(temp, stored_path(sha, file_format), session)
    except OSError as exc:  # reads raise ValidationError, so this is the store's disk
        raise _store_failure(source.name, exc) from exc
    finally:
        if temp is not None:
            _discard(temp)  # already renamed away when all went well
    return sha, size


def _write_hashing(fd: int, chunks: Iterable[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


def _store_failure(name: str, exc: OSError) -> StorageError:
    why = "磁盘空间已满" if exc.errno == errno.ENOSPC else "数据文件夹无法写入"
    return StorageError(
        f"无法保存附件“{name}”：{why}，本次没有添加任何文件。"
        "请清理磁盘或检查数据文件夹的权限后重试。",
        str(exc),
    )


def _settle(temp: Path, final: Path, session: Session) -> None:
    if final.is_file():  # same content already stored: keep one copy
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    # If the transaction rolls back, no row will name this new file.
    event.listen(session, "after_soft_rollback", lambda *_: _discard(final), once=True)
    os.replace(temp, final)
    seal(final)


def seal(path: Path) -> None:
    """Read-only (on Windows the read-only attribute): a viewer cannot save over a scan."""
    os.chmod(path, path.stat().st_mode & ~_WRITE_BITS)


def _writable(path: Path) -> None:
    """Windows refuses to delete a read-only file: clear the attribute first."""
    os.chmod(path, path.stat().st_mode | stat.S_IWUSR)


def _discard(path: Path) -> None:
    """Delete a stored or temp file, read-only or not; one that will not go is only logged.

    Callers run after a commit or during a rollback, when an error would tell the clerk
    something untrue about their action.
    """
    try:
        _writable(path)
        path.unlink()
    except FileNotFoundError:
        return
    except OSError:
        _log.warning("无法删除文件 %s", path, exc_info=True)


def attach(session: Session, /, owner_kind: str, owner_id: int, path: Path) -> AttachmentRow:
    """Copy the file into the store and register it on the record (refused under a 密级)."""
    _check_owner(session, owner_kind, owner_id)
    source = Path(path)
    sha, size, file_format = _copy_in(source, session)
    row = Attachment(
        owner_kind=owner_kind, owner_id=owner_id, sha256=sha, size=size,
        file_format=file_format, original_name=source.name[:255],
        added_by=actor_of(session).display_name[:40],
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, "新增", "附件", row.id, after=audit.snapshot(row),
                 summary=f"{owner_kind} {owner_id}：{source.name}")  # fmt: skip
    return _row(row)


def list_for(session: Session, /, owner_kind: str, owner_id: int) -> list[AttachmentRow]:
    stmt = (
        select(Attachment)
        .where(Attachment.owner_kind == owner_kind, Attachment.owner_id == owner_id)
        .order_by(Attachment.id)
    )
    return [_row(a) for a in session.scalars(stmt)]


def open_path(session: Session, /, attachment_id: int) -> Path:
    """The stored file, to copy out (never to hand to a viewer: see open_copy); on the
    office server, where no file is stored, a fresh copy of its content."""
    if is_postgres(session):
        return open_copy(session, attachment_id)
    return _stored(session, attachment_id)[1]


def open_copy(session: Session, /, attachment_id: int) -> Path:
    """A fresh copy under the file's original name in temp/, for a viewer to open.

    WPS, Acrobat or the Photos app may save over what they open; the stored scan must
    stay as it was added, so they only ever see a copy. Each open gets its own folder:
    two attachments may share a name, and a viewer may still hold an earlier copy.
    """
    row, write = _writer(session, attachment_id)
    temp = current_data_dir().temp
    folder: Path | None = None
    try:
        temp.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=temp))
        copy = folder / row.original_name
        write(copy)  # data only: the copy is writable, the store is not
    except OSError as exc:
        if folder is not None:  # no half copy for a viewer to stumble on
            shutil.rmtree(folder, ignore_errors=True)
        raise StorageError(
            f"无法为附件“{row.original_name}”准备查看用的副本（{exc.strerror or exc}）。"
            "请确认磁盘还有空间，或用“另存为…”复制出来再打开。",
            str(exc),
        ) from exc
    return copy


def clear_open_copies() -> None:
    """At start, remove the copies handed to viewers in earlier runs.

    Not at exit: a viewer may still have one open then. A copy that will not go (held
    open by a viewer) waits for the next start.
    """
    temp = current_data_dir().temp
    with suppress(OSError):  # never a reason not to start
        for path in temp.rglob("*"):
            with suppress(OSError):
                _writable(path)
    shutil.rmtree(temp, ignore_errors=True)


def _gone(row: Attachment) -> NotFoundError:
    return NotFoundError(f"附件“{row.original_name}”的文件不见了，请运行“检查”或从备份恢复。")


def _stored(session: Session, attachment_id: int) -> tuple[Attachment, Path]:
    row = _get(session, attachment_id)
    path = stored_path(row.sha256, row.file_format)
    if not path.is_file():
        raise _gone(row)
    return row, path


def _writer(session: Session, attachment_id: int) -> tuple[Attachment, Callable[[Path], object]]:
    """The row, and how to write its content to a path (NotFoundError when it is gone)."""
    if not is_postgres(session):
        row, stored = _stored(session, attachment_id)
        return row, lambda target: shutil.copyfile(stored, target)
    row = _get(session, attachment_id)
    content = blob_store.content(session, row.sha256)
    if content is None:
        raise _gone(row)
    return row, lambda target: target.write_bytes(content)


def remove(session: Session, /, attachment_id: int) -> None:
    """Unregister; the file goes too once no other row uses the same content."""
    row = _get(session, attachment_id)
    _check_owner_perm(session, row.owner_kind)
    before = audit.snapshot(row)
    if is_postgres(session):  # the blob goes in the same transaction as its last row
        session.delete(row)
        blob_store.discard_unused(session, row.sha256)
        _audit_removal(session, row, before)
        return
    others = session.scalar(
        select(func.count()).where(
            Attachment.sha256 == row.sha256,
            Attachment.file_format == row.file_format,
            Attachment.id != row.id,
        )
    )
    path = stored_path(row.sha256, row.file_format)
    session.delete(row)
    _audit_removal(session, row, before)
    if not others:
        # Only once the row is really gone: a rolled-back removal keeps its file.
        event.listen(session, "after_commit", lambda _s: _discard(path), once=True)


def _audit_removal(session: Session, row: Attachment, before: dict[str, object]) -> None:
    audit.record(session, "删除", "附件", row.id, before=before,
                 summary=f"{row.owner_kind} {row.owner_id}：{row.original_name}")  # fmt: skip


def _check_owner_perm(session: Session, owner_kind: str) -> None:
    owner = _OWNERS.get(owner_kind)
    require(session, owner.perm if owner else Perm.MANAGE_SETTINGS)


def verify(session: Session) -> list[str]:
    """Re-hash every stored file: missing or changed files are named."""
    if is_postgres(session):
        return _verify_blobs(session)
    findings: list[str] = []
    seen: dict[tuple[str, str], str | None] = {}
    for row in session.scalars(select(Attachment).order_by(Attachment.id)):
        key = (row.sha256, row.file_format)
        if key not in seen:
            seen[key] = _file_problem(stored_path(*key))
        if seen[key]:
            findings.append(
                f"附件“{row.original_name}”（{row.owner_kind} {row.owner_id}，"
                f"attachments/{row.sha256[:2]}/{row.sha256}.{row.file_format}）{seen[key]}"
            )
    return findings


def _verify_blobs(session: Session) -> list[str]:
    """On the office server: each row whose content is missing or no longer hashes to it."""
    problems = blob_store.problems(session)
    if not problems:
        return []
    stmt = select(Attachment).where(Attachment.sha256.in_(problems)).order_by(Attachment.id)
    return [
        f"附件“{row.original_name}”（{row.owner_kind} {row.owner_id}，"
        f"服务器数据库 blobs {row.sha256[:16]}…）{problems[row.sha256]}"
        for row in session.scalars(stmt)
    ]


def _file_problem(path: Path) -> str | None:
    if not path.is_file():
        return "文件缺失"
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return None if digest.hexdigest() == path.stem else "内容已被改动（校验值不符）"


def _get(session: Session, attachment_id: int) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFoundError("附件不存在或已删除。")
    return row


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.owner_kind, a.owner_id, a.sha256, a.size, a.file_format,
                         a.original_name, a.added_at, a.added_by)  # fmt: skip


registry.register_check("附件校验", verify, of_files=True)
