"""Attachments on the office server: contents in the blobs table (bytea, by SHA-256), none in
the data folder, so one pg_dump is a whole backup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.db.session import unit_of_work
from app.models.attachments import Attachment, Blob
from app.services import attachments
from app.services.errors import NotFoundError

PDF = b"%PDF-1.7\n%\xe4\xb8\xad\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

attachments.register_owner("服务器测试件", lambda _s, _id: None)


def _file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _blobs() -> dict[str, bytes]:
    with unit_of_work() as s:
        return {b.sha256: b.content for b in s.scalars(select(Blob))}


def test_an_attached_file_is_a_blob_on_the_server_and_no_file_in_the_folder(
    server_dir, server_admin, tmp_path
):
    with unit_of_work(server_admin) as s:
        row = attachments.attach(s, "服务器测试件", 1, _file(tmp_path, "请示.pdf", PDF))
        copy = attachments.open_copy(s, row.id)
        saved = attachments.open_path(s, row.id)
    sha = hashlib.sha256(PDF).hexdigest()
    assert (row.sha256, row.size, row.file_format) == (sha, len(PDF), "pdf")
    assert _blobs() == {sha: PDF}
    assert copy.read_bytes() == saved.read_bytes() == PDF and copy.name == "请示.pdf"
    stored = [p for p in server_dir.attachments.rglob("*") if p.is_file()]
    assert stored == []  # the folder keeps logs and settings only


def test_identical_content_is_one_blob_and_goes_with_its_last_row(
    server_dir, server_admin, tmp_path
):
    with unit_of_work(server_admin) as s:
        a = attachments.attach(s, "服务器测试件", 1, _file(tmp_path, "a.png", PNG))
        b = attachments.attach(s, "服务器测试件", 2, _file(tmp_path, "扫描件.png", PNG))
    assert list(_blobs()) == [a.sha256]
    with unit_of_work(server_admin) as s:
        attachments.remove(s, a.id)
    assert list(_blobs()) == [b.sha256]
    with unit_of_work(server_admin) as s:
        attachments.remove(s, b.id)
        with pytest.raises(NotFoundError):
            attachments.open_copy(s, b.id)
    assert _blobs() == {}


def test_a_rolled_back_attach_leaves_no_blob(server_dir, server_admin, tmp_path):
    with pytest.raises(RuntimeError), unit_of_work(server_admin) as s:
        attachments.attach(s, "服务器测试件", 1, _file(tmp_path, "x.pdf", PDF))
        raise RuntimeError("the rest of the action failed")
    assert _blobs() == {}
    with unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0


def test_verify_names_a_changed_and_a_missing_blob(server_dir, server_admin, tmp_path):
    with unit_of_work(server_admin) as s:
        a = attachments.attach(s, "服务器测试件", 1, _file(tmp_path, "甲.pdf", PDF))
        b = attachments.attach(s, "服务器测试件", 1, _file(tmp_path, "乙.png", PNG))
        assert attachments.verify(s) == []
    with unit_of_work() as s:
        s.execute(text("UPDATE blobs SET content = :c WHERE sha256 = :s"),
                  {"c": PDF + b"x", "s": a.sha256})  # fmt: skip
        s.execute(text("DELETE FROM blobs WHERE sha256 = :s"), {"s": b.sha256})
    with unit_of_work() as s:
        findings = attachments.verify(s)
        with pytest.raises(NotFoundError, match=r"乙\.png"):
            attachments.open_copy(s, b.id)
    assert len(findings) == 2
    assert "甲.pdf" in findings[0] and "改动" in findings[0]
    assert "乙.png" in findings[1] and "缺失" in findings[1]
