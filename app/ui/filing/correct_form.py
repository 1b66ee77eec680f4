"""修改's form for a 收文, 发文 or 督办: its fields as saved, read back into the service's form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from app.services.errors import ValidationError
from app.services.filing import corrections, vocab
from app.ui import ops
from app.ui.kit import Field

EDIT = "修改"

_MAYBE = ("", *vocab.URGENCIES)
FIELDS: dict[str, list[Field]] = {
    "收文": [
        Field("sender", "来文机关", required=True), Field("title", "标题", "long", required=True),
        Field("sender_doc_number", "来文字号"),
        Field("doc_type", "文种", "choice", ("", *vocab.DOC_TYPES)),
        Field("urgency", "紧急程度", "choice", _MAYBE), Field("copies", "份数"),
        Field("pages", "页数"), Field("issued_on", "成文日期", "date"),
    ],
    "发文": [
        Field("title", "标题", "long", required=True),
        Field("doc_type", "文种", "choice", vocab.DOC_TYPES, required=True),
        Field("main_to", "主送"), Field("main_to_level", "主送机关级别", "choice",
                                        ("", *vocab.LEVELS)),
        Field("cc", "抄送"), Field("draft_dept", "拟稿部门"), Field("drafter", "拟稿人"),
        Field("urgency", "紧急程度", "choice", _MAYBE),
        Field("disclosure", "公开属性", "choice", ("", *vocab.DISCLOSURES)),
        Field("attachments_note", "附件说明"),
    ],
    "督办": [
        Field("matter", "督办事项", "long", required=True),
        Field("dept", "责任单位", required=True), Field("person", "责任人"),
        Field("deadline", "办理时限", "date", required=True),
    ],
}  # fmt: skip

Work = Callable[[dict[str, Any]], Callable[[Any], Any]]


def correction_spec(actor: Any, kind: str, record_id: int) -> tuple[list[Field], Work]:
    """修改's form, filled with the fields as saved; the page sends the version it loaded."""
    now = ops.perform(actor, lambda s: corrections.current(s, kind, record_id))
    specs = [replace(f, default=_shown(getattr(now, f.key))) for f in FIELDS[kind]]
    labels = {f.key: f.label for f in specs}

    def work(v: dict[str, Any]) -> Callable[[Any], Any]:
        typed = {f.name: _read(str(f.type), v[f.name], labels[f.name], f.name)
                 for f in fields(now)}  # fmt: skip
        form = replace(now, **{k: value for k, value in typed.items() if value is not _KEEP})
        return lambda s: corrections.correct(s, record_id, form)

    return specs, work


_KEEP = object()  # a blank 份数: the form's own default stays


def _shown(value: Any) -> Any:
    """What a field shows: a date as a date, nothing as blank, a number as its digits."""
    if value is None:
        return ""
    return value if hasattr(value, "isoformat") else str(value)


def _read(annotation: str, value: Any, label: str, key: str) -> Any:
    """The typed value as the form's field wants it (its annotation says which)."""
    if annotation.startswith("int"):
        return _count(value, label, key, optional="None" in annotation)
    if annotation == "str | None":
        return value or None  # a blank choice: not chosen
    return value


def _count(text: str, label: str, key: str, optional: bool) -> Any:
    if not text.strip():
        return None if optional else _KEEP
    if not text.strip().isdigit():
        raise ValidationError(f"{label}应为整数。", field=key)
    return int(text)
