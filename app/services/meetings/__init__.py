"""办会: meetings from notice to 纪要, with every 议定事项 tracked to done through 督办.

Public service API (each takes the Session first; rows are frozen dataclasses of dto.py;
errors are ValidationError/NotFoundError/ConflictError with Chinese messages):

config       kinds, save_kinds, rooms, save_rooms, minutes_codes, save_minutes_codes,
             NOTICE_STATES (未通知/已通知/已回执/请假), ROLES (参会/列席)
entries      create_meeting(form: MeetingForm) -> id          (届次 第N次 per 类型 per year)
             update_meeting(id, form, version)                 (stale version refused)
             delete_meeting(id)
             get_meeting(id, today=None) -> MeetingDetail      (attendees, 议题, papers, 议定事项)
             list_meetings(MeetingFilter(year, kind, text, date_from, date_to)) -> [MeetingRow]
             set_topics(id, [TopicForm]) ; save_record(topic_id, text)   (记录 refused on 涉密)
             topics_of(id) -> [TopicRow]
rooms        check_free(room, starts, ends, exclude) ; bookings(day, room="") -> [Booking]
             (create/update refuse an overlap, naming the other meeting)
attendance   set_attendees(id, [AttendeeForm]) ; attendees_of(id) -> [AttendeeRow]
             set_notice(attendee_id, state) ; mark_all_notified(id) -> n
             sign_in(attendee_id, present, late=False, absent_reason="")
papers       add_paper(id, PaperForm) -> paper_id ; return_paper(paper_id, returned_to, on)
             remove_paper(paper_id) ; papers_of(id) -> [PaperRow]       (涉密 printed 材料, 清退)
minutes      number_minutes(id, title="") -> 文号 ; set_minutes_title(id, title)
             issue_minutes(id, issued_on=None) ; register_as_outgoing(id, signer="") -> 发文 id
decisions    add_decision(id, DecisionForm) -> decision_id ; update_decision ; remove_decision
             send_to_tasks(decision_id) -> task_id ; send_all(id) -> [task_id]
             decisions_of(id, today) -> [DecisionRow] (state 办理中/逾期/已办结/逾期办结/未转督办)
             decision_list(DecisionFilter(year, date_from, date_to, meeting_id)) -> [DecisionRow]
             decision_of_task(task_id) -> DecisionLink | None   (督办 → its meeting)
             meeting_names_of_tasks([task_id]) -> {task_id: 会议名称}   (for 督办 lists)
outputs      write_notice(id, path) ; write_sign_sheet(id, path) ; write_minutes(id, path)
             (PDFs; the 纪要 must be numbered, and is refused on a 涉密 meeting)
exports      transfer.export_file(session, "meetings", path, ExportQuery(year=…))  会议登记簿
             transfer.export_file(session, "decisions", path, ExportQuery(year=… or
             options={"meeting_id": id}))  议定事项落实情况表, .xlsx or .pdf
imports      transfer.import_file(session, "meetings" | "decisions", path)
会议材料      app.services.attachments.attach(session, "会议", meeting_id, path)  (refused on 涉密)
             attachments.refusal(session, "会议", meeting_id) -> why not, before a file picker
Window: ops.watch/touches name the register "会议" (plus "督办" for send_to_tasks/send_all,
"发文" for register_as_outgoing); an edit sends versions.Seen("会议", id, row.version).
首页          todo.todo_items (registered): tomorrow's meeting with people 未通知, 议定事项
             未转督办 due this week, 涉密材料 not returned.
"""

from app.services import attachments, registry


def register() -> None:
    """Plug 办会 into the house: 会议材料 attachments, 首页 items, kinds, demo and check."""
    from app.services.meetings import base, checks, todo

    attachments.register_owner(base.ATTACHMENT_KIND, base.secrecy_of)
    registry.register_todo(todo.MODULE, todo.todo_items)
    registry.register_check("会议纪要编号", checks.check)
    registry.register_later(_exchange_and_demo)


def _exchange_and_demo() -> None:
    from app.services.meetings import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("会议", demo.fill)
