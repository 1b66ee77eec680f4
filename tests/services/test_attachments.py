"""Attachments: copied by SHA-256, deduplicated, refused under a 密级, verified by re-hashing."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.attachments import Attachment
from app.services import attachments, audit
from app.services.context import Role
from app.services.errors import NotFoundError, PermissionDenied, StorageError, ValidationError

PDF = b"%PDF-1.7\n%\xe4\xb8\xad\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

# The data folder's own store; the server's blobs are tests/server/test_blobs.py.
FILES = pytest.mark.sqlite_only

# A module's records as the secrecy hook sees them: id -> 密级.
LEVELS = {1: None, 2: "秘密", 3: "机密★10年", 4: "绝密", 5: ""}


def _secrecy(_session, owner_id: int) -> str | None:
    if owner_id not in LEVELS:
        raise NotFoundError("记录不存在")
    return LEVELS[owner_id]


attachments.register_owner("测试件", _secrecy)


def _file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _read_only(path: Path) -> bool:
    return not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _nothing_added(uow, data_dir) -> None:
    """No row, no stored file, no temp file left beside the store."""
    with uow() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    store = data_dir.attachments
    assert not store.is_dir() or not [p for p in store.rglob("*") if p.is_file()]


@FILES
def test_attach_copies_by_sha256_and_records_size_format_who(uow, data_dir, tmp_path):
    source = _file(tmp_path, "请示.pdf", PDF)
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, source)
    sha = hashlib.sha256(PDF).hexdigest()
    stored = data_dir.attachments / sha[:2] / f"{sha}.pdf"
    assert stored.read_bytes() == PDF
    assert (row.sha256, row.size, row.file_format) == (sha, len(PDF), "pdf")
    assert (row.original_name, row.added_by) == ("请示.pdf", "管理员")
    assert _read_only(stored)  # a program that opens it by hand cannot save over it
    source.unlink()  # never linked in place: the store keeps its own copy
    with uow() as s:
        assert attachments.open_path(s, row.id) == stored
        assert [r.id for r in attachments.list_for(s, "测试件", 1)] == [row.id]
        assert audit.query(s, audit.AuditFilter(entity="附件"))[0].action == "新增"
    assert not list(data_dir.attachments.glob(".incoming-*"))


@FILES
def test_identical_content_is_stored_once(uow, data_dir, tmp_path):
    with uow() as s:
        a = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.png", PNG))
        b = attachments.attach(s, "测试件", 5, _file(tmp_path, "扫描件.png", PNG))
    assert a.sha256 == b.sha256 and a.id != b.id
    assert len(list(data_dir.attachments.glob("??/*"))) == 1


@pytest.mark.parametrize("owner_id, level", [(2, "秘密"), (3, "机密"), (4, "绝密")])
def test_record_with_secrecy_refuses_any_file_and_says_why(
    uow, data_dir, tmp_path, owner_id, level
):
    with pytest.raises(ValidationError) as refused, uow() as s:
        attachments.attach(s, "测试件", owner_id, _file(tmp_path, "x.pdf", PDF))
    assert level in refused.value.message
    assert "保守国家秘密法" in refused.value.message and "第三十一条" in refused.value.message
    assert "纸质件" in refused.value.message
    _nothing_added(uow, data_dir)


def test_suffix_and_content_must_agree(uow, tmp_path):
    with pytest.raises(ValidationError, match="内容与扩展名"), uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "伪装.pdf", PNG))


@pytest.mark.parametrize(
    "name, head, expected",
    [
        ("a.JPG", b"\xff\xd8\xff\xe0", "jpg"),
        ("a.tiff", b"II*\x00", "tif"),
        ("a.tif", b"MM\x00*", "tif"),
        ("a.ofd", b"PK\x03\x04", "ofd"),
        ("a.docx", b"PK\x03\x04", "docx"),
        ("a.xlsx", b"PK\x03\x04", "xlsx"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
        ("扫描", b"%PDF-1.4", "pdf"),
        ("说明.txt", b"hello", "txt"),
    ],
)
def test_detect_format(name, head, expected):
    assert attachments.detect_format(Path(name), head) == expected


def test_empty_missing_and_unknown_owner_refused(uow, tmp_path):
    with pytest.raises(ValidationError, match="空文件"), uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "空.pdf", b""))
    with pytest.raises(ValidationError, match="找不到文件"), uow() as s:
        attachments.attach(s, "测试件", 1, tmp_path / "没有.pdf")
    with pytest.raises(ValidationError, match="不能添加附件"), uow() as s:
        attachments.attach(s, "没登记的", 1, _file(tmp_path, "x.pdf", PDF))
    with pytest.raises(NotFoundError), uow() as s:
        attachments.attach(s, "测试件", 99, _file(tmp_path, "x.pdf", PDF))


def test_a_source_that_cannot_be_read_is_named_in_chinese_and_adds_nothing(uow, data_dir, tmp_path):
    folder = tmp_path / "扫描件.pdf"  # as good as a locked file: opening it fails
    folder.mkdir()
    with pytest.raises(ValidationError) as refused, uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "正文.pdf", PDF))
        attachments.attach(s, "测试件", 1, folder)
    assert refused.value.message.startswith("无法读取文件“扫描件.pdf”：文件正被其他程序占用")
    _nothing_added(uow, data_dir)  # the good file added first went with the rollback


@FILES
@pytest.mark.parametrize("blocked", ["store", "shard"])
def test_a_store_that_cannot_be_written_is_a_storage_error_and_adds_nothing(
    uow, data_dir, tmp_path, blocked
):
    sha = hashlib.sha256(PDF).hexdigest()
    if blocked == "store":  # the attachments folder cannot even be created
        data_dir.attachments.rmdir()
        data_dir.attachments.write_bytes(b"not a folder")
    else:  # the copy is written, then its folder cannot be made: the temp file must go
        (data_dir.attachments / sha[:2]).write_bytes(b"not a folder")
    with pytest.raises(StorageError) as failed, uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "请示.pdf", PDF))
    assert failed.value.message.startswith("无法保存附件“请示.pdf”：数据文件夹无法写入")
    assert failed.value.detail  # the OS's own words, for the log
    with uow() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    if blocked == "shard":
        assert [p.name for p in data_dir.attachments.iterdir()] == [sha[:2]]


def test_role_without_permission_refused(uow, make_user, tmp_path):
    leader = make_user(Role.LEADER)
    with pytest.raises(PermissionDenied), uow(leader) as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "x.pdf", PDF))


def test_rolled_back_attach_leaves_no_file(uow, data_dir, tmp_path):
    with pytest.raises(RuntimeError), uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "x.pdf", PDF))
        raise RuntimeError("the rest of the action failed")
    _nothing_added(uow, data_dir)


@FILES
def test_remove_keeps_file_while_another_row_uses_it(uow, data_dir, tmp_path):
    with uow() as s:
        a = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
        b = attachments.attach(s, "测试件", 5, _file(tmp_path, "b.pdf", PDF))
    stored = data_dir.attachments / a.sha256[:2] / f"{a.sha256}.pdf"
    with uow() as s:
        attachments.remove(s, a.id)
    assert stored.exists()
    with uow() as s:
        attachments.remove(s, b.id)
        assert stored.exists()  # not before the removal is committed
    assert not stored.exists()
    with uow() as s:
        actions = [e.action for e in audit.query(s, audit.AuditFilter(entity="附件"))]
        assert actions.count("删除") == 2
        with pytest.raises(NotFoundError):
            attachments.open_path(s, a.id)


@FILES
def test_remove_deletes_the_read_only_stored_file(uow, data_dir, tmp_path):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
    stored = attachments.stored_path(row.sha256, "pdf")
    assert _read_only(stored)  # Windows will not unlink it as it is
    with uow() as s:
        attachments.remove(s, row.id)
    assert not stored.exists()


@FILES
def test_open_copy_gives_the_viewer_a_copy_and_the_scan_stays_as_added(uow, data_dir, tmp_path):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "请示（扫描件）.pdf", PDF))
        first = attachments.open_copy(s, row.id)
        again = attachments.open_copy(s, row.id)
    stored = attachments.stored_path(row.sha256, "pdf")
    assert first.name == again.name == "请示（扫描件）.pdf"
    assert len({first, again, stored}) == 3  # a viewer may still hold the first copy
    assert first.is_relative_to(data_dir.temp) and first.read_bytes() == PDF
    first.write_bytes(b"%PDF-1.7 saved over by the viewer")  # the copy is writable
    assert stored.read_bytes() == PDF
    with uow() as s:
        assert attachments.verify(s) == []


def test_open_copy_where_no_copy_can_be_made_is_a_storage_error(uow, data_dir, tmp_path):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
    data_dir.temp.write_bytes(b"not a folder")
    with pytest.raises(StorageError, match=r"无法为附件“a\.pdf”准备查看用的副本"), uow() as s:
        attachments.open_copy(s, row.id)


def test_clear_open_copies_at_start_removes_them_read_only_or_not(uow, data_dir, tmp_path):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
        copy = attachments.open_copy(s, row.id)
    os.chmod(copy, stat.S_IREAD)  # some viewers mark what they opened read-only
    attachments.clear_open_copies()
    assert not data_dir.temp.exists()
    attachments.clear_open_copies()  # nothing to clear is no error
    with uow() as s:
        assert attachments.verify(s) == []


@FILES
def test_verify_names_missing_and_changed_files(uow, data_dir, tmp_path):
    with uow() as s:
        a = attachments.attach(s, "测试件", 1, _file(tmp_path, "甲.pdf", PDF))
        b = attachments.attach(s, "测试件", 1, _file(tmp_path, "乙.png", PNG))
        assert attachments.verify(s) == []
    changed = data_dir.attachments / a.sha256[:2] / f"{a.sha256}.pdf"
    changed.chmod(0o600)  # someone cleared the read-only attribute and saved over it
    changed.write_bytes(PDF + b"x")
    (data_dir.attachments / b.sha256[:2] / f"{b.sha256}.png").unlink()
    with uow() as s:
        findings = attachments.verify(s)
    assert len(findings) == 2
    assert "甲.pdf" in findings[0] and "改动" in findings[0]
    assert "乙.png" in findings[1] and "缺失" in findings[1]


def test_refusal_tells_the_window_why_before_any_file_is_picked(uow, make_user):
    leader = make_user(Role.LEADER)
    with uow() as s:
        assert attachments.refusal(s, "测试件", 1) is None
        assert attachments.refusal(s, "测试件", 3) == attachments.SECRET_REFUSAL.format(
            level="机密"
        )
        assert "不能添加附件" in (attachments.refusal(s, "没登记的", 1) or "")
    with uow(leader) as s:
        assert "无权" in (attachments.refusal(s, "测试件", 1) or "")
