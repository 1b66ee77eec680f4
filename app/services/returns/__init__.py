"""县里的表格: fill the county's own return templates (list or statistics) from a register."""

from __future__ import annotations

from sqlalchemy.orm import Session


def _check_library(session: Session) -> list[str]:
    """Every template in the 模板库 still opens as a workbook."""
    import io
    import zipfile

    from sqlalchemy import select

    from app.models.returns import ReturnTemplate

    problems = []
    for name, content in session.execute(select(ReturnTemplate.name, ReturnTemplate.content)):
        try:
            zipfile.ZipFile(io.BytesIO(content)).testzip()
        except (zipfile.BadZipFile, OSError, ValueError):
            problems.append(f"模板库中的“{name}”已损坏，请删除后重新添加")
    return problems


def register() -> None:
    from app.services.registry import register_check

    register_check("县里的表格模板库", _check_library)
