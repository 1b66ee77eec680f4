"""Bench: verify a 100,000-entry 用印 chain (< 2 s) and append one entry at that size (< 20 ms).

Run: `.venv/bin/python -m bench.seals [--size 100000]`. Prints each figure next to a
baseline measured in the same run (bare hashlib over the same bytes, a bare SELECT, a bare
INSERT), so a slow machine shows as slow baselines too.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.models.seals import SealChainHead, SealUse
from app.services import users
from app.services.context import CLI
from app.services.modules import load_all
from app.services.seals import catalog, chain, ledger
from app.services.seals.dto import SealForm, UseForm

START = datetime(2016, 1, 1, 1, 0, tzinfo=UTC)


def _entry(i: int, seal_id: int) -> dict[str, object]:
    at = START + timedelta(minutes=50 * i)
    year_no = i + 1  # one running number per year is not needed for timing
    return dict(
        seq=i + 1, kind="用印", year=at.year, year_no=year_no, number=f"{at.year}-{year_no:06d}",
        used_at=at, seal_id=seal_id, unit="党政办", applicant="赵磊", purpose="报送县委",
        doc_title=f"关于报送第{i}号材料的报告", doc_number=f"镇委〔{at.year}〕{i}号", copies=2,
        approver="王建国", approver_title="党委书记", approved_at=at - timedelta(hours=1),
        supervisor="李红", copy_kept=True, note="", attested=True, outgoing_id=None,
        voids_id=None, void_reason="", recorded_by="管理员", recorded_at=at,
    )  # fmt: skip


def build(size: int, seal_id: int) -> float:
    """Write size chained entries through the bulk path; returns seconds."""
    began = time.perf_counter()
    prev, rows = chain.GENESIS, []
    for i in range(size):
        row = _entry(i, seal_id)
        row["prev_hash"] = prev
        row["hash"] = prev = chain.digest(prev, [row[name] for name in chain.HASHED])
        rows.append(row)
    with unit_of_work(CLI) as session:
        session.execute(insert(SealUse), rows)
        session.execute(insert(SealChainHead).values(id=1, count=size, last_hash=prev))
    return time.perf_counter() - began


def time_verify() -> tuple[float, int]:
    began = time.perf_counter()
    with unit_of_work(CLI) as session:
        status = chain.verify_chain(session)
    assert status.ok, status.message()
    return time.perf_counter() - began, status.count


def baseline_read_and_hash() -> tuple[float, float]:
    """A bare SELECT of the same columns, and bare sha256 over the same canonical bytes."""
    with unit_of_work(CLI) as session:
        began = time.perf_counter()
        rows = session.execute(text("SELECT * FROM seal_uses ORDER BY seq")).all()
        read = time.perf_counter() - began
        cols = [SealUse.__table__.c[name] for name in chain.HASHED]
        values = [tuple(r) for r in session.execute(select(*cols))]
    blobs = [chain.canonical(v) for v in values]
    began = time.perf_counter()
    for blob in blobs:
        hashlib.sha256(blob).hexdigest()
    assert len(rows) == len(blobs)
    return read, time.perf_counter() - began


def time_append(seal_id: int, runs: int) -> list[float]:
    now = datetime.now(UTC)
    times = []
    for i in range(runs):
        form = UseForm(seal_id=seal_id, used_at=now - timedelta(seconds=runs - i), unit="党政办",
                       applicant="赵磊", purpose="报送", doc_title="关于报送材料的报告", copies=1,
                       approver="王建国", approver_title="党委书记",
                       approved_at=now - timedelta(hours=1), attested=True)  # fmt: skip
        began = time.perf_counter()
        with unit_of_work(CLI) as session:
            ledger.register_use(session, form)
        times.append(time.perf_counter() - began)
    return times


def baseline_insert(runs: int) -> list[float]:
    """One bare INSERT of a similar row, committed, per run (same pragmas, same file)."""
    times = []
    for i in range(runs):
        began = time.perf_counter()
        with unit_of_work(CLI) as session:
            session.execute(text("INSERT INTO settings (key, value_json) VALUES (:k, '1')"),
                            {"k": f"bench.{i}"})  # fmt: skip
        times.append(time.perf_counter() - began)
    return times


def _spread(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    load_all()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = DataDir(Path(scratch)).ensure()
        open_database(data_dir)
        with unit_of_work(CLI) as session:
            users.first_run_setup(session, users.SetupForm(
                "某某镇人民政府", "Z109", ["镇委"], "admin", "管理员", "bench-pass"))  # fmt: skip
            seal_id = catalog.add_seal(session, SealForm("中共某某镇委员会", "党委章"))
        print(f"build {args.size:,} chained entries (bulk): {build(args.size, seal_id):.2f} s")
        verify, count = time_verify()
        read, hashing = baseline_read_and_hash()
        print(f"verify_chain over {count:,} entries: {verify:.3f} s   (target < 2 s)")
        print(f"  baseline: bare SELECT * {read:.3f} s + bare sha256 over the same bytes "
              f"{hashing:.3f} s = {read + hashing:.3f} s")  # fmt: skip
        append = time_append(seal_id, args.runs)
        bare = baseline_insert(args.runs)
        print(f"append at {count:,}: {_spread(append)}   (target < 20 ms)")
        print(f"  baseline: bare INSERT + commit {_spread(bare)}")
        verify, count = time_verify()
        print(f"verify_chain after appends ({count:,} entries): {verify:.3f} s")
        dispose()


if __name__ == "__main__":
    main()
