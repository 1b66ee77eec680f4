"""Text longer than its column is refused in words, on both engines, before it is written.

SQLite stores a String(n) value of any length; PostgreSQL refuses it with a DataError. So
every flush checks each new or changed row's text against its column's length, and an
import names the sheet's row and column of the value (transfer.import_file).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import String, Table, event, inspect
from sqlalchemy.orm import Session

from app.services.errors import ValidationError

# The clerk's word for a column: by column name, and where one name means two things, by
# table.column. A column not named here is system text (hashes, kinds) and says 内容.
LABELS = {
    "absent_reason": "缺席原因", "address": "住址", "applicant": "申请人", "approver": "审批人",
    "approver_title": "审批人职务", "archive_code": "档号", "arranged_by": "整理人",
    "attachments_note": "附件说明", "author": "责任者", "borrower": "借阅人", "cc": "抄送",
    "checked_by": "检查人", "checker": "核稿人", "co_depts": "协办部门", "consent_by": "同意人",
    "contact": "联系人", "decided_by": "决定人", "dept": "责任单位", "destroy_batch": "销毁批次",
    "destroy_supervisor": "监销人", "destroyed_by": "销毁人", "display_name": "姓名",
    "doc_no": "文号", "doc_number": "文号", "doc_title": "文件名称", "doc_types": "文种",
    "draft_dept": "拟稿部门", "drafter": "拟稿人", "extension_leader": "批准延期的领导",
    "file_name": "文件名", "filed_by": "归档人", "handed_by": "交班人", "handler": "经办人",
    "handler_person": "承办人", "handler_unit": "承办单位", "holder": "持有人",
    "holiday": "节假日名称", "host": "主持人", "id_number": "身份证号",
    "instructed_by": "批示领导", "keeper": "保管人", "keywords": "关键词",
    "lead_dept": "承办部门", "leader": "责任领导", "lent_by": "借出人", "main_to": "主送",
    "matter": "事项", "minutes_doc_number": "纪要文号", "minutes_title": "纪要标题",
    "name": "名称", "national_no": "国家信访信息系统编号", "note": "备注", "panel": "鉴定小组",
    "person": "责任人", "phone": "电话", "position": "职务", "printed_by": "印制单位",
    "purpose": "事由", "pusher": "催办人", "reason": "原因", "received_by": "领用人",
    "receipt_no": "收文编号", "receiver": "接待人", "receiving_leader": "接待领导",
    "recorded_by": "登记人", "recorder": "记录人", "reg_no": "登记号", "reporter": "汇报人",
    "result": "结果", "returned_to": "退还给", "review_result": "审核意见", "reviewer": "复核人",
    "room": "会议室", "rule_name": "保管期限规则", "sender": "来文机关",
    "sender_doc_number": "来文字号", "serials": "份号", "signer": "签发人",
    "source_person": "来电人", "source_phone": "来电号码", "source_text": "来源",
    "source_unit": "来电单位", "supervisor": "监印人", "taken_by": "接班人", "title": "标题",
    "transfer_batch": "移交批次", "transferred_by": "移交人", "undo_note": "撤销说明",
    "unit": "单位", "username": "用户名", "village": "村（社区）", "void_reason": "作废原因",
    "witnesses": "见证人",
    "duty_people.name": "姓名", "duty_people.title": "职务", "duty_people.dept": "科室",
    "duty_people.phone": "手机号", "meeting_attendees.title": "职务",
    "meeting_attendees.name": "姓名", "visit_petitioners.name": "姓名",
    "visit_accused.name": "被反映人姓名", "meetings.name": "会议名称", "seals.name": "印章名称",
    "seal_uses.unit": "用印单位", "archive_items.title": "题名",
    "archive_loans.unit": "借阅单位", "meeting_attendees.unit": "单位",
    "archive_retention_rules.name": "规则名称", "return_templates.name": "模板名称",
    "archive_orgs.name": "机构名称",
}  # fmt: skip


def label(table: str, column: str) -> str:
    return LABELS.get(f"{table}.{column}") or LABELS.get(column) or "内容"


@cache
def limits(table: Table) -> tuple[tuple[str, int], ...]:
    """(column, length) of the table's bounded text columns."""
    return tuple(
        (column.key, column.type.length)
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    )


class TooLong(ValidationError):
    """A text past its column: which field, its limit, and the value (an import finds the
    sheet's cell by it)."""

    def __init__(self, table: str, column: str, limit: int, value: str) -> None:
        name = label(table, column)
        super().__init__(f"{name}太长（最多 {limit} 个字，现有 {len(value)} 个字）", column)
        self.label, self.limit, self.value = name, limit, value


def check_values(table: Table, values: dict[str, Any]) -> None:
    """Refuse the first text in values longer than its column of table."""
    for key, limit in limits(table):
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise TooLong(table.name, key, limit, value)


def check_rows(table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """check_values for rows inserted without the ORM (bulk paths)."""
    for row in rows:
        check_values(table, row)


@event.listens_for(Session, "before_flush")
def _check_flush(session: Session, *_args: Any) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        table = state.mapper.local_table
        if isinstance(table, Table):  # the loaded values only: nothing is read for this
            check_values(table, state.dict)
