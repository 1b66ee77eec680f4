"""The audit trail as an export kind (报表, the 审计日志 viewer).

Apart from audit.py: the export names the unit from settings, and settings audits through
audit.py, so in one module the two would import each other.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.reports.table import ReportTable
from app.services import settings
from app.services.audit import AuditFilter, query, report
from app.services.registry import ExportKind, ExportQuery, register_export


def _export(session: Session, q: ExportQuery) -> ReportTable:
    """The 报表 / viewer export; options may carry the viewer's 用户, 对象 and 操作 filters."""
    opts = q.options or {}
    start = q.date_from or (date(q.year, 1, 1) if q.year else None)
    end = q.date_to or (date(q.year, 12, 31) if q.year else None)
    flt = AuditFilter(start, end, str(opts.get("username", "")), str(opts.get("entity", "")),
                      str(opts.get("action", "")))  # fmt: skip
    period = f"{start or '最早'} 至 {end or '今'}" if start or end else ""
    return report(query(session, flt, limit=1_000_000), settings.org_name(session), period)


register_export(ExportKind("audit", "审计日志", _export))
