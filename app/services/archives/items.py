"""One 件: its details, reorder and removal before 装盒, and the registers' 档号 check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models.archives import IN_STOCK, ArchiveItem
from app.models.filing import IncomingDoc, OutgoingDoc
from app.services import attachments, audit, versions
from app.services.archives import numbering, scheme
from app.services.archives.codes import Category, parse
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import flow

SECRECY = ("", "秘密", "机密", "绝密")
ENTITY = "档案"  # the audit trail's and the attachments store's name for a 件


def check_register_code(session: Session, kind: str, doc_id: int, code: str) -> str:
    """The 档号 a 收文/发文 register may show: a valid one that its own 件 carries."""
    parsed = parse(scheme.load(session), code)  # "abc" is refused with the rule's example
    column = ArchiveItem.incoming_id if kind == "收文" else ArchiveItem.outgoing_id
    mine = session.scalar(select(ArchiveItem.archive_code).where(column == doc_id))
    if mine != parsed.code:
        raise ValidationError(f"档号“{code}”不是这份{kind}在档案中的档号：请用“归档”，"
                              "选择保管期限和机构，由程序编号。", "archive_code")  # fmt: skip
    return parsed.code


def _item(session: Session, item_id: int) -> ArchiveItem:
    item = session.get(ArchiveItem, item_id)
    if item is None:
        raise NotFoundError("找不到这一件档案。")
    return item


def _category(item: ArchiveItem) -> Category:
    return Category(item.year, item.period, item.org_code)


def _loaded(session: Session, item_id: int, version: int | None) -> ArchiveItem:
    """The 件, refused when someone changed it (or renumbered it) since the clerk loaded it."""
    item = _item(session, item_id)
    versions.check(session, item, version, ENTITY, f"档案“{item.archive_code}”")
    return item


def move(session: Session, /, item_id: int, new_no: int, version: int | None = None) -> None:
    """Reorder before 装盒: put the 件 at 件号 new_no; the category renumbers, no gaps."""
    require(session, Perm.EDIT_ARCHIVES)
    item = _loaded(session, item_id, version)
    cat = _category(item)
    slots = numbering.load_slots(session, cat)
    if not 1 <= new_no <= len(slots):
        raise ValidationError(f"件号应在 1 到 {len(slots)} 之间。", "item_no")
    old = item.item_no
    low, high = sorted((old, new_no))
    if any(s.boxed for s in slots[low - 1 : high]):
        raise ValidationError("这一段里有已装盒的件，件号不能再调整：请先出盒。", "item_no")
    moving = slots.pop(old - 1)
    slots.insert(new_no - 1, moving)
    numbering.write_order(session, scheme.load(session), cat, slots)
    session.expire_all()
    audit.record(session, "调整件号", "档案", item_id, summary=f"{cat.year} {old} → {new_no}")


def remove(session: Session, /, item_id: int, reason: str, version: int | None = None) -> None:
    """Take a 件 out before 装盒 (filed by mistake): the category renumbers; its 收文/发文
    goes back to 办结/核发 and can be filed again."""
    require(session, Perm.EDIT_ARCHIVES)
    item = _loaded(session, item_id, version)
    if item.box_id is not None:
        raise ValidationError("已装盒的件不能撤出：请先出盒。", "box")
    if not reason.strip():
        raise ValidationError("撤出归档须说明原因。", "reason")
    if attachments.list_for(session, ENTITY, item_id):
        raise ValidationError("这一件存有电子文件：请先在“电子文件”中删除，再撤出归档。", "files")
    cat, code = _category(item), item.archive_code
    _unfile_source(session, item)
    session.delete(item)
    session.flush()
    numbering.write_order(session, scheme.load(session), cat, numbering.load_slots(session, cat))
    session.expire_all()
    audit.record(session, "撤出归档", "档案", item_id, summary=f"{code}：{reason.strip()}")


def _unfile_source(session: Session, item: ArchiveItem) -> None:
    for model, doc_id, state in ((IncomingDoc, item.incoming_id, flow.DONE),
                                 (OutgoingDoc, item.outgoing_id, "已核发")):  # fmt: skip
        if doc_id is not None:
            table = numbering.table_of(model)
            session.execute(
                update(table)
                .where(table.c.id == doc_id)
                .values(state=state, archive_code="", version=table.c.version + 1)
            )


@dataclass(frozen=True)
class ItemEdit:
    """What the archivist may correct on a numbered 件 (the 档号 parts are not here)."""

    title: str
    doc_no: str
    author: str
    doc_date: date | None
    secrecy: str
    pages: int
    note: str


def edit(session: Session, /, item_id: int, form: ItemEdit, version: int | None) -> None:
    """Correct a 件's description; its 档号 parts stay (move or remove it for those)."""
    require(session, Perm.EDIT_ARCHIVES)
    item = _loaded(session, item_id, version)
    if item.status != IN_STOCK:
        raise ValidationError(f"这一件{item.status}，不能再修改。", "status")
    check_edit(form)
    if form.secrecy and attachments.list_for(session, ENTITY, item_id):
        raise ValidationError(f"这一件存有电子文件，不能标为“{form.secrecy}”：涉密件只登记"
                              "纸质件信息，请先删除其电子文件。", "secrecy")  # fmt: skip
    item.title, item.doc_no, item.author = form.title.strip(), form.doc_no.strip(), form.author
    item.doc_date, item.secrecy, item.pages, item.note = (
        form.doc_date, form.secrecy, form.pages, form.note.strip())  # fmt: skip
    item.version += 1
    audit.record(session, "修改", ENTITY, item_id, summary=item.archive_code)


def secrecy_of(session: Session, item_id: int) -> str:
    """The 件's 密级 for the attachments store (which refuses files on a secret 件)."""
    return _item(session, item_id).secrecy


def check_edit(form: ItemEdit) -> None:
    if not form.title.strip():
        raise ValidationError("请填写题名（自拟题名加 [ ]）。", "title")
    if form.secrecy not in SECRECY:
        raise ValidationError(f"密级应为 {'、'.join(s for s in SECRECY if s)} 或空。", "secrecy")
    if form.pages < 0 or form.pages > 9999:
        raise ValidationError("页数应为 0–9999 的整数。", "pages")
