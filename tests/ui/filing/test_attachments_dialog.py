"""附件 from the 收文, 发文 and 督办 pages: add, open, save a copy, delete; never under a 密级."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import clock
from app.services import attachments
from app.services.filing import incoming, outgoing, tasks
from app.services.session import unit_of_work
from app.ui.filing.incoming_page import IncomingPage
from app.ui.filing.outgoing_page import OutgoingPage
from app.ui.filing.tasks_page import TasksPage
from app.ui.kit.attachments_dialog import AttachmentsDialog, size_text
from tests.ui.kit.helpers import show_active

PDF = b"%PDF-1.7\n%\xe4\xb8\xad\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _scan(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _receive(actor, secrecy: str | None = None) -> int:
    form = incoming.ReceiveForm("县委办公室", "关于做好防汛工作的通知", secrecy=secrecy)
    with unit_of_work(actor) as session:
        return incoming.receive(session, form)


def _files(actor, owner: str, owner_id: int) -> list[attachments.AttachmentRow]:
    with unit_of_work(actor) as session:
        return attachments.list_for(session, owner, owner_id)


def _open_dialog(qtbot, page, record_id: int) -> AttachmentsDialog:
    page.select_id(record_id)
    assert page.attach_button.isEnabled()
    qtbot.mouseClick(page.attach_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AttachmentsDialog) and dialog.isVisible()
    return dialog


def _add(qtbot, dialog: AttachmentsDialog, *paths: Path) -> None:
    dialog.pick_files = lambda: [str(p) for p in paths]  # the clerk's choice in the picker
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def _cells(dialog: AttachmentsDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_attach_a_scanned_pdf_to_a_incoming_document(qtbot, admin, data_dir, tmp_path):
    doc_id = _receive(admin)
    page = show_active(qtbot, IncomingPage(admin))
    page.select_id(doc_id)
    assert page.attach_button.text() == "附件…"
    dialog = _open_dialog(qtbot, page, doc_id)
    assert dialog.windowTitle().startswith("附件 — 收文 收〔")
    assert "关于做好防汛工作的通知" in dialog.windowTitle()
    assert dialog.add_button.isEnabled() and dialog.refusal.isHidden()
    _add(qtbot, dialog, _scan(tmp_path, "防汛通知（扫描件）.pdf", PDF))
    [row] = _files(admin, "收文", doc_id)
    assert (row.original_name, row.file_format, row.size) == (
        "防汛通知（扫描件）.pdf",
        "pdf",
        len(PDF),
    )
    assert attachments.stored_path(row.sha256, "pdf").read_bytes() == PDF
    assert _cells(dialog)[0][:3] == ["防汛通知（扫描件）.pdf", "PDF", "1 KB"]
    assert _cells(dialog)[0][4] == "管理员"
    assert dialog.error.text() == ""
    assert page.attach_button.text() == "附件（1）…"


def test_open_by_double_click_and_save_a_copy_under_the_original_name(qtbot, admin, tmp_path):
    doc_id = _receive(admin)
    with unit_of_work(admin) as session:
        row = attachments.attach(session, "收文", doc_id, _scan(tmp_path, "批示.pdf", PDF))
    page = show_active(qtbot, IncomingPage(admin))
    dialog = _open_dialog(qtbot, page, doc_id)
    opened: list[Path] = []
    dialog.launch = lambda path: opened.append(path) or True
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    cell = dialog.table.visualItemRect(dialog.table.item(0, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert len(opened) == 3 and dialog.isVisible()  # Enter opened, did not close
    # The viewer gets its own copy each time, never the stored scan it could save over.
    stored = attachments.stored_path(row.sha256, "pdf")
    assert stored not in opened and len(set(opened)) == 3
    assert all(p.name == "批示.pdf" and p.read_bytes() == PDF for p in opened)
    out = tmp_path / "U盘"
    out.mkdir()
    asked: list[str] = []
    dialog.pick_save_path = lambda name: asked.append(name) or str(out / name)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["批示.pdf"] and (out / "批示.pdf").read_bytes() == PDF
    stored.chmod(0o600)
    stored.unlink()  # someone deleted it from the data folder by hand
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "文件不见了" in dialog.error.text() and len(opened) == 3


def test_content_that_does_not_match_its_suffix_adds_nothing(qtbot, admin, data_dir, tmp_path):
    doc_id = _receive(admin)
    page = show_active(qtbot, IncomingPage(admin))
    dialog = _open_dialog(qtbot, page, doc_id)
    good = _scan(tmp_path, "正文.pdf", PDF)
    renamed = _scan(tmp_path, "附件.pdf", PNG)  # a photo renamed to .pdf
    _add(qtbot, dialog, good, renamed)
    assert "附件.pdf" in dialog.error.text() and "内容与扩展名" in dialog.error.text()
    assert _files(admin, "收文", doc_id) == []  # the good one is not added alone either
    assert not list(data_dir.attachments.glob("??/*"))
    assert dialog.table.rowCount() == 0 and page.attach_button.text() == "附件…"


def test_a_secret_document_refuses_before_any_file_is_picked(qtbot, admin, data_dir):
    doc_id = _receive(admin, secrecy="机密")
    page = show_active(qtbot, IncomingPage(admin))
    dialog = _open_dialog(qtbot, page, doc_id)
    assert dialog.refusal.isVisible()
    assert dialog.refusal.text() == attachments.SECRET_REFUSAL.format(level="机密")
    assert not dialog.add_button.isEnabled()
    picked: list[str] = []
    dialog.pick_files = lambda: picked.append("picker opened") or []
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert picked == []
    assert _files(admin, "收文", doc_id) == []
    assert not data_dir.attachments.exists() or not list(data_dir.attachments.iterdir())


def _answer(when_modal, button: QMessageBox.StandardButton, texts: list[str]) -> None:
    def click(box) -> None:
        texts.append(box.text())
        box.button(button).click()

    when_modal(click)


def test_delete_asks_first_then_removes_the_file(qtbot, admin, data_dir, tmp_path, when_modal):
    doc_id = _receive(admin)
    with unit_of_work(admin) as session:
        row = attachments.attach(session, "收文", doc_id, _scan(tmp_path, "旧扫描.pdf", PDF))
    stored = attachments.stored_path(row.sha256, "pdf")
    page = show_active(qtbot, IncomingPage(admin))
    dialog = _open_dialog(qtbot, page, doc_id)
    asked: list[str] = []
    _answer(when_modal, QMessageBox.StandardButton.No, asked)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert len(_files(admin, "收文", doc_id)) == 1 and stored.exists()
    _answer(when_modal, QMessageBox.StandardButton.Yes, asked)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["删除附件“旧扫描.pdf”？删除后不能恢复。"] * 2
    assert _files(admin, "收文", doc_id) == [] and not stored.exists()
    assert dialog.table.rowCount() == 0 and not dialog.delete_button.isEnabled()
    assert page.attach_button.text() == "附件…"


def test_outgoing_page_attaches_to_its_document(qtbot, admin, tmp_path):
    draft = outgoing.DraftForm("镇政", "关于春耕生产的通知", "通知")
    with unit_of_work(admin) as session:
        doc = outgoing.enter_signed(
            session, outgoing.SignedForm(draft, "王主任", "张镇长", clock.today(), "赵文书")
        )
    page = show_active(qtbot, OutgoingPage(admin))
    dialog = _open_dialog(qtbot, page, doc.id)
    assert (dialog.owner_kind, dialog.owner_id) == ("发文", doc.id)
    assert f"发文 {doc.doc_number} 关于春耕生产的通知" in dialog.windowTitle()
    _add(qtbot, dialog, _scan(tmp_path, "定稿.png", PNG))
    assert [r.original_name for r in _files(admin, "发文", doc.id)] == ["定稿.png"]
    assert page.attach_button.text() == "附件（1）…"


def test_tasks_page_attaches_to_its_task(qtbot, admin, tmp_path):
    form = tasks.TaskForm("清理河道", "水利站", clock.today() + timedelta(days=10))
    with unit_of_work(admin) as session:
        task_id = tasks.add_task(session, form)
    page = show_active(qtbot, TasksPage(admin))
    dialog = _open_dialog(qtbot, page, task_id)
    assert dialog.windowTitle() == "附件 — 督办 清理河道"
    _add(qtbot, dialog, _scan(tmp_path, "现场照片.png", PNG))
    assert [r.original_name for r in _files(admin, "督办", task_id)] == ["现场照片.png"]


def test_no_record_selected_no_attachments_button(qtbot, admin):
    page = show_active(qtbot, TasksPage(admin))
    assert not page.attach_button.isEnabled()
    assert page.open_attachments() is None


@pytest.mark.parametrize(
    "size, text",
    [(1, "1 KB"), (1024, "1 KB"), (1025, "2 KB"), (1023 * 1024, "1,023 KB"),
     (1024 * 1024, "1.0 MB"), (25 * 1024 * 1024 + 1, "25.0 MB")],
)  # fmt: skip
def test_size_text_reads_like_the_file_manager(size, text):
    assert size_text(size) == text
