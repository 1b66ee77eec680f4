"""Two PCs at once, as two processes on one database (a SQLite file, or the office server):
用印 entries, audit lines, 用印 imports, 档案 filing and boxing. Shared by the SQLite and server
tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.config import DataDir
from app.db import open_database
from app.db.session import dispose, unit_of_work
from app.models.archives import ArchiveBox, ArchiveItem
from app.models.seals import SealUse
from app.services import audit_chain
from app.services.archives import rules
from app.services.context import CLI
from app.services.duty import staff
from app.services.seals import catalog, chain
from app.services.seals.dto import SealForm
from tests.services.faults.helpers import python
from tests.services.imports.sheets import write_sheet

_OPEN = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from app.config import DataDir
from app.services.modules import load_all
from app.services.session import open_database, unit_of_work
from app.services.archives import rules
from app.services.context import CLI
load_all()
open_database(DataDir(Path(sys.argv[1]), sys.argv[2] or None))
pc, count = int(sys.argv[3]), int(sys.argv[4])
"""

SEAL_WRITER = (
    _OPEN
    + """
from app.services.seals import ledger
from app.services.seals.dto import UseForm
at0 = datetime(2026, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=8)))
for i in range(count):
    at = at0 + timedelta(minutes=pc * 1000 + i)
    form = UseForm(seal_id=1, used_at=at, unit="党政办", applicant=f"经办{pc}",
                   purpose="报送县委", doc_title=f"第{pc}台电脑的第{i}份材料", copies=1,
                   approver="王建国", approver_title="党委书记",
                   approved_at=at - timedelta(hours=1), attested=True, supervisor="李红")
    with unit_of_work(CLI) as session:
        ledger.register_use(session, form)
print("ok")
"""
)

# Audit lines alone, each in its own unit of work: the chain's tail is read with its counter
# row held, so the two PCs' lines interleave on one chain.
AUDIT_WRITER = (
    _OPEN
    + """
from app.services import audit
for i in range(count):
    with unit_of_work(CLI) as session:
        audit.record(session, "测试", "审计链", i, summary=f"第{pc}台电脑的第{i}条")
print("ok")
"""
)


def check_audit_chain(lines: int) -> None:
    """The chain verifies, holds every PC's lines, and its counter row is at its tail."""
    from app.models.audit import AuditEntry
    from app.services import counters

    with unit_of_work() as s:
        assert audit_chain.verify(s) == []
        written = s.scalar(select(func.count()).where(AuditEntry.entity == "审计链"))
        tail = s.scalar(select(func.max(AuditEntry.seq)))
        assert counters.last_number(s, audit_chain.SERIES, counters.ALL_TIME) == tail
    assert written == lines


def importer(kind: str) -> str:
    """A PC importing its sheet (its file) as kind, printing how many rows went in."""
    return (
        _OPEN
        + f"""
from app.services import transfer
with unit_of_work(CLI) as session:
    print(transfer.import_file(session, "{kind}", Path(sys.argv[5])))
"""
    )


# Boxing after both catalogue imports: a 件 boxed while the other PC's catalogue still had
# to sort in before it would have to move, and that import is refused (请先出盒).
BOXER = (
    _OPEN
    + """
from sqlalchemy import select
from app.models.archives import ArchiveItem
from app.services.archives import boxes
with unit_of_work(CLI) as session:
    mine = list(session.scalars(select(ArchiveItem.id).where(ArchiveItem.author == f"甲{pc}")))
for item_id in mine:
    with unit_of_work(CLI) as session:
        boxes.create_box(session, [item_id])
print(len(mine))
"""
)


def prepare_seal(data_dir: DataDir) -> None:
    """One seal (id 1) and its approver on staff, in this process, then let go."""
    with unit_of_work(CLI) as s:
        staff.add_person(s, staff.DutyPersonForm("王建国", "党委书记", "党政办"))
        catalog.add_seal(s, SealForm("中共某某镇委员会", "党委章", "李红", ["党委书记"]))


def run_pcs(data_dir: DataDir, code: str, count: int, files: list[Path] | None = None,
            ) -> list[str]:  # fmt: skip
    """Two processes at once on data_dir's database (PC n gets files[n-1]); their outputs,
    checked to be clean. This process lets go of the database meanwhile."""
    dispose()
    url = data_dir.database_url or ""
    procs = [python(code, str(data_dir.root), url, str(pc), str(count),
                    *([str(files[pc - 1])] if files else [])) for pc in (1, 2)]  # fmt: skip
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    open_database(data_dir)
    return [out.strip() for out, _err in outputs]


def check_seal_chain(total: int) -> None:
    with unit_of_work() as s:
        numbers = list(s.scalars(select(SealUse.number)))
        status = chain.verify_chain(s)
        audit = audit_chain.verify(s)
    assert status.ok and status.count == total, status
    assert len(numbers) == total and len(set(numbers)) == total
    assert audit == []


def seal_sheets(folder: Path, rows: int) -> list[Path]:
    """Two 用印 sheets without 用印编号: each import numbers its rows from the year's top."""
    header = ["日期时间", "印章", "经办人", "份数", "审批人", "审批人职务", "文件名称"]
    return [
        write_sheet(
            folder / f"用印{pc}.xlsx",
            header,
            [
                [
                    f"2026-03-{5 + pc} 09:{i % 60:02d}",
                    "中共某某镇委员会",
                    f"经办{pc}",
                    1,
                    "王建国",
                    "党委书记",
                    f"第{pc}张表的第{i}份材料",
                ]
                for i in range(rows)
            ],
        )
        for pc in (1, 2)
    ]


def prepare_archives() -> None:
    """The office's 机构 codes and 保管期限表 seeded, as after its first day of filing."""
    with unit_of_work(CLI) as s:
        rules.ensure_defaults(s)


def archive_sheets(folder: Path, rows: int) -> list[Path]:
    """Two 文书档案 catalogues of one category (2026 永久 BGS), 件 without numbers."""
    header = ["年度", "期限", "机构（问题）", "责任者", "文件题名", "日期"]
    return [
        write_sheet(
            folder / f"目录{pc}.xlsx",
            header,
            [
                [2026, "Y", "BGS", f"甲{pc}", f"第{pc}张目录的第{i}件", f"2026-03-{1 + i % 28:02d}"]
                for i in range(rows)
            ],
        )
        for pc in (1, 2)
    ]


def check_archives(total: int) -> None:
    with unit_of_work() as s:
        item_nos = list(s.scalars(select(ArchiveItem.item_no)))
        box_nos = list(s.scalars(select(ArchiveBox.box_no)))
        boxed = s.scalar(select(func.count()).where(ArchiveItem.box_id.is_not(None)))
    assert sorted(item_nos) == list(range(1, total + 1))
    assert sorted(box_nos) == list(range(1, total + 1)) and boxed == total
