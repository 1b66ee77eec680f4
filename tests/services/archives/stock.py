"""件 put straight into the table for the 装盒, 借阅, 鉴定 and statistics tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.models.archives import ArchiveItem, ArchiveOrg


def add_org(session: Session, code: str = "BGS", name: str = "办公室") -> None:
    session.add(ArchiveOrg(code=code, name=name))


def add_items(
    session: Session,
    year: int,
    period: str,
    count: int,
    *,
    org: str = "BGS",
    start: int = 1,
    secrecy: str = "",
    pages: int = 3,
) -> list[int]:
    """`count` numbered 件 of one category; returns their ids in 件号 order."""
    items = []
    for no in range(start, start + count):
        level = f"-{org}" if org else ""
        items.append(
            ArchiveItem(
                year=year,
                period=period,
                org_code=org,
                item_no=no,
                archive_code=f"Z109-WS·{year}-{period}{level}-{no:04d}",
                doc_no=f"镇政发〔{year}〕{no}号",
                author="某某镇人民政府",
                title=f"关于第{no}项工作的通知",
                doc_date=date(year, 3, 1),
                secrecy=secrecy,
                pages=pages,
            )
        )
    session.add_all(items)
    session.flush()
    return [item.id for item in items]
