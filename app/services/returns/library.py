"""模板库: keep the county's templates (add, rename, remove) and take a copy out to fill."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.returns import ReturnTemplate
from app.services import audit
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError

MAX_BYTES = 20 * 1024 * 1024  # a county template is tens of KB; a 20 MB one is a mistake
_BAD_NAME = re.compile(r'[\\/:*?"<>|]')


@dataclass(frozen=True)
class TemplateRow:
    id: int
    name: str
    file_name: str
    kind: str
    size: int
    added_by: str
    added_at: datetime


def list_templates(session: Session) -> list[TemplateRow]:
    found = session.scalars(select(ReturnTemplate).order_by(ReturnTemplate.name))
    return [_row(t) for t in found]


def _row(t: ReturnTemplate) -> TemplateRow:
    return TemplateRow(t.id, t.name, t.file_name, t.kind, len(t.content), t.added_by, t.added_at)


def _clean_name(session: Session, name: str, own_id: int | None = None) -> str:
    clean = name.strip()
    if not clean:
        raise ValidationError("请填写模板名称", "name")
    if len(clean) > 80 or _BAD_NAME.search(clean):
        raise ValidationError('模板名称不超过80字，且不能含有 \\ / : * ? " < > |', "name")
    other = session.scalar(select(ReturnTemplate.id).where(ReturnTemplate.name == clean))
    if other is not None and other != own_id:
        raise ValidationError(f"模板库中已有“{clean}”，请换一个名称", "name")
    return clean


def add(session: Session, /, path: Path, name: str = "", kind: str = "") -> int:
    """Keep a copy of the workbook at `path` under `name` (its file name when blank)."""
    actor = require(session, Perm.EDIT_REGISTERS)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(
            f"模板须是 .xlsx 文件（收到：{path.name}）；.xls 请先在 Excel 或 WPS 中另存为 .xlsx"
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from exc
    if not content.startswith(b"PK") or len(content) > MAX_BYTES:
        raise ValidationError(f"文件 {path.name} 不是 .xlsx 工作簿，或大于 20 MB")
    clean = _clean_name(session, name or path.stem)
    template = ReturnTemplate(name=clean, file_name=path.name, content=content, kind=kind,
                              added_by=actor.display_name)  # fmt: skip
    session.add(template)
    session.flush()
    audit.record(session, "新增", "模板库", str(template.id), after={"名称": clean},
                 summary=f"模板库新增“{clean}”")  # fmt: skip
    return template.id


def _get(session: Session, template_id: int) -> ReturnTemplate:
    template = session.get(ReturnTemplate, template_id)
    if template is None:
        raise NotFoundError("模板库中没有这个模板（可能已被删除），请刷新")
    return template


def rename(session: Session, /, template_id: int, name: str) -> None:
    require(session, Perm.EDIT_REGISTERS)
    template = _get(session, template_id)
    clean = _clean_name(session, name, template_id)
    before, template.name = template.name, clean
    audit.record(session, "修改", "模板库", str(template_id), before={"名称": before},
                 after={"名称": clean}, summary=f"模板库“{before}”改名为“{clean}”")  # fmt: skip


def set_kind(session: Session, /, template_id: int, kind: str) -> None:
    """The register the template was last filled from (the window picks it next time)."""
    _get(session, template_id).kind = kind


def remove(session: Session, /, template_id: int) -> None:
    require(session, Perm.EDIT_REGISTERS)
    template = _get(session, template_id)
    audit.record(session, "删除", "模板库", str(template_id), before={"名称": template.name},
                 summary=f"模板库删除“{template.name}”")  # fmt: skip
    session.delete(template)


def copy_out(session: Session, /, template_id: int, folder: Path) -> Path:
    """The template written to `folder` under its name, to be filled from there."""
    template = _get(session, template_id)
    target = Path(folder) / f"{template.name}.xlsx"
    target.write_bytes(template.content)
    return target
