"""python -m app.cli fill: the county template filled from a register, or why not."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.services.registry import ExportQuery
from app.services.returns import filling
from app.services.returns.recognise import CROSS, Plan
from app.services.returns.sources import KINDS

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def run_fill(args: argparse.Namespace, uow: Callable[..., Any], out: Callable[[str], None],
             err: Callable[[str], None]) -> int:  # fmt: skip
    """Print the mapping; fill and save unless --dry-run; exit 2 listing what is unmapped."""
    problem = _refusal(args)
    if problem:
        err(problem)
        return EXIT_BAD_INPUT
    query = ExportQuery(year=args.year, date_from=args.date_from, date_to=args.date_to)
    template = Path(args.template)
    with uow(read_only=True) as session:
        plan = filling.plan(session, template, args.kind, query)
    for line in describe(plan):
        out(line)
    if plan.unmapped and not args.partial:
        err(f"有 {len(plan.unmapped)} 处对应不上，未填写：")
        for slot in plan.unmapped:
            err(f"  {slot.where}“{slot.text}”：{slot.note}")
        err("可在窗口“报表 → 县里的表格”中手工对应（会记住），或加 --partial 仍然填写。")
        return EXIT_BAD_INPUT
    if args.dry_run:
        out("（试填，未写文件）")
        return EXIT_OK
    with uow(read_only=True) as session:
        done = filling.fill(session, template, args.kind, query, Path(args.out), chart=args.chart)
    if done.caveat:
        err(f"注意：{done.caveat}")
    what = f"{done.cells} 格" if plan.shape == CROSS else f"{done.rows} 行"
    out(f"已填写 {what}到 {args.out}" + (f"；已填 {'、'.join(done.labels)}" if done.labels else ""))
    return EXIT_OK


def _refusal(args: argparse.Namespace) -> str:
    if args.kind not in KINDS:
        return f"未知的类别“{args.kind}”，可用的有：{'、'.join(KINDS)}"
    if (args.year is None) == (args.date_from is None and args.date_to is None):
        return "请给出 --year，或 --from-date 与 --to-date（二选一）"
    if args.year is None and (args.date_from is None or args.date_to is None):
        return "--from-date 与 --to-date 须同时给出"
    if args.year is None and args.date_from > args.date_to:
        return "开始日期不能晚于结束日期"
    if not Path(args.template).is_file():
        return f"找不到模板文件：{args.template}"
    if not args.dry_run:
        if not args.out or Path(args.out).suffix.lower() != ".xlsx":
            return "请用 --out 给出填好的文件名（.xlsx）"
        if not Path(args.out).resolve().parent.is_dir():
            return f"输出文件夹不存在：{Path(args.out).resolve().parent}"
    return ""


def describe(plan: Plan) -> list[str]:
    """Each column (list) or each row and column label (cross) and what it maps to."""
    shape = "统计表（行列交叉计数）" if plan.shape == CROSS else "清单（每条记录一行）"
    lines = [f"模板：{plan.template}  工作表：{plan.sheet}  类型：{shape}"]
    for slot in plan.slots:
        target = slot.target or f"？（{slot.note}）"
        lines.append(f"  {slot.where}  {slot.text} → {target}")
    return lines
