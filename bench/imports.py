"""用印 and 来访 sheet imports through import_file against a bare Core executemany.

Run: python bench/imports.py [--uses 10000] [--visits 5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from sqlalchemy import Table, delete, insert, select

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.models.seals import SealUse
from app.models.visits import VisitCase, VisitPetitioner
from app.services import users
from app.services.context import CLI
from app.services.modules import load_all
from app.services.seals import catalog
from app.services.seals.demo import SEALS
from app.services.seals.dto import SealForm
from app.services.transfer import import_file

USE_HEADERS = ["日期时间", "印章", "用印单位", "申请人", "事由", "文件名称", "文号", "份数",
               "审批人", "审批人职务", "审批时间", "监印人", "留存复印件", "文件完整"]  # fmt: skip
VISIT_HEADERS = ["登记日期", "信访形式", "姓名", "性别", "证件号", "电话", "村/社区", "反映问题",
                 "类别", "接待人", "受理日期", "办结日期", "处理意见"]  # fmt: skip
VILLAGES = ("东湖村", "西岗村", "南塘村", "北庄村")


def fresh(folder: Path) -> None:
    """A data folder at head with first-run setup and the demo's four seals."""
    open_database(DataDir(folder))
    with unit_of_work(CLI) as session:
        users.first_run_setup(session, users.SetupForm(
            org_name="某某镇人民政府", fonds_code="Z109", issuer_codes=["镇委"],
            admin_username="admin", admin_display_name="管理员", admin_password="bench-pass-1",
        ))  # fmt: skip
        for name, kind, keeper, approvers, _ in SEALS:
            catalog.add_seal(session, SealForm(name, kind, keeper, approvers))


def use_sheet(path: Path, size: int, rng: random.Random) -> None:
    start = datetime.now() - timedelta(days=400)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("用印登记簿")
    sheet.append(USE_HEADERS)
    for _ in range(size):
        at = start + timedelta(minutes=rng.randrange(390 * 24 * 60))
        name, _, _, _, (approver, title) = rng.choice(SEALS)
        sheet.append([at.strftime("%Y-%m-%d %H:%M"), name, "党政办", "赵磊", "报送",
                      "关于报送工作总结的报告", "", rng.randint(1, 5), approver, title,
                      (at - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"), "李红", "是",
                      "是"])  # fmt: skip
    book.save(path)


def _id_number(rng: random.Random) -> str:
    body = f"320{rng.randrange(100, 999)}{rng.randrange(1950, 2000)}0101{rng.randrange(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def visit_sheet(path: Path, size: int, rng: random.Random) -> None:
    """size cases by size // 2 people, so about half are repeat visits."""
    people = [(f"村民{n}", _id_number(rng), f"139{n:08d}") for n in range(max(1, size // 2))]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("来访登记簿")
    sheet.append(VISIT_HEADERS)
    for _ in range(size):
        day = date.today() - timedelta(days=rng.randrange(20, 300))
        name, ident, phone = rng.choice(people)
        done = rng.random() < 0.5
        sheet.append([day.isoformat(), "走访", name, "男", ident, phone, rng.choice(VILLAGES),
                      "宅基地边界纠纷", "申诉求决类", "李文书", day.isoformat(),
                      (day + timedelta(days=10)).isoformat() if done else "",
                      "予以支持" if done else ""])  # fmt: skip
    book.save(path)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ours(kind: str, path: Path) -> float:
    def run() -> None:
        with unit_of_work(CLI) as session:
            import_file(session, kind, path)

    return timed(run)


def bare(models: tuple[Any, ...]) -> float:
    """Read back what the import wrote, delete it, Core-insert the same rows, roll back."""
    with unit_of_work(CLI) as session:
        tables = [model.__table__ for model in models]
        rows = [[dict(r._mapping) for r in session.execute(select(t))] for t in tables]
        for table in reversed(tables):
            session.execute(delete(table))
        seconds = timed(lambda: _insert_all(session, tables, rows))
        session.rollback()
    return seconds


def _insert_all(session: Any, tables: list[Table], rows: list[list[dict[str, Any]]]) -> None:
    for table, batch in zip(tables, rows, strict=True):
        if batch:
            session.execute(insert(table), batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uses", type=int, default=10_000, help="用印 rows")
    parser.add_argument("--visits", type=int, default=5_000, help="来访 rows")
    args = parser.parse_args()
    rng = random.Random(2026)
    load_all()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        fresh(tmp / "data")
        use_sheet(tmp / "uses.xlsx", args.uses, rng)
        visit_sheet(tmp / "visits.xlsx", args.visits, rng)
        for kind, size, path, models in (
            ("seal-uses", args.uses, tmp / "uses.xlsx", (SealUse,)),
            ("visits", args.visits, tmp / "visits.xlsx", (VisitCase, VisitPetitioner)),
        ):
            mine = ours(kind, path)
            core = bare(models)
            print(
                f"import {kind} {size} rows: ours {mine:.2f} s (read and checks included), "
                f"bare Core executemany {core:.2f} s (same rows), ratio {mine / core:.1f}"
            )
        dispose()


if __name__ == "__main__":
    main()
