"""Search: FTS5 trigram for 3+ characters (kept in step by triggers), LIKE below, filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.services.filing import incoming, outgoing, queries, tasks
from app.services.filing.queries import FilingFilter


def _receive(session, title, sender="县政府办公室", number="", **kw):
    at = kw.pop("at", datetime(2026, 3, 5, 2, tzinfo=UTC))
    form = incoming.ReceiveForm(sender, title, sender_doc_number=number, received_at=at, **kw)
    return incoming.receive(session, form)


def _titles(session, **kw):
    return {r.title for r in queries.list_incoming(session, FilingFilter(**kw))}


def test_substrings_doc_numbers_senders_and_short_words(uow):
    with uow() as session:
        _receive(session, "关于做好2026年防汛抗旱工作的通知", number="县政办发〔2026〕7号")
        _receive(session, "关于报送值班表的通知", sender="县委办公室", urgency="加急")
        _receive(session, "关于申请资金的请示", sender="县农业农村局", secrecy="秘密",
                 secrecy_years=1)  # fmt: skip
        assert _titles(session, text="防汛抗旱") == {"关于做好2026年防汛抗旱工作的通知"}
        assert _titles(session, text="〔2026〕7") == {"关于做好2026年防汛抗旱工作的通知"}
        assert _titles(session, text="农业农村") == {"关于申请资金的请示"}
        assert _titles(session, text="值班") == {"关于报送值班表的通知"}  # 2 chars: LIKE
        assert _titles(session, text="县委 值班表") == {"关于报送值班表的通知"}
        assert _titles(session, urgency="加急") == {"关于报送值班表的通知"}
        assert _titles(session, secrecy="秘密") == {"关于申请资金的请示"}
        assert len(_titles(session, secrecy="无")) == 2
        assert _titles(session, text="100%") == set()
        _receive(session, "关于推广ETC应用的通知")
        assert _titles(session, text="tc") == {"关于推广ETC应用的通知"}  # Latin: any case
        assert _titles(session, text="%") == set()  # a wildcard is a character like any other
        assert _titles(session, text="资金 县") == {"关于申请资金的请示"}  # instr, two words


def test_triggers_follow_changes(uow):
    with uow() as session:
        doc_id = _receive(session, "关于开展安全生产大检查的通知")
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请应急办承办")
        incoming.instruct(session, doc_id, "同意", "李镇长")
        incoming.assign(
            session, doc_id, incoming.AssignForm(lead_dept="应急管理办", handler="周强")
        )
        assert _titles(session, text="应急管理办") == {"关于开展安全生产大检查的通知"}
        assert _titles(session, text="周强") == {"关于开展安全生产大检查的通知"}


def test_year_state_type_and_dates(uow):
    with uow() as session:
        _receive(session, "关于2025年工作的通报", at=datetime(2025, 12, 30, 2, tzinfo=UTC))
        new_id = _receive(session, "关于2026年工作的通报")
        incoming.review(session, new_id)
        assert _titles(session, year=2025) == {"关于2025年工作的通报"}
        assert _titles(session, state="待拟办") == {"关于2026年工作的通报"}
        assert _titles(session, date_from=date(2026, 1, 1)) == {"关于2026年工作的通报"}
        assert queries.count_incoming(session, FilingFilter(text="工作的通报")) == 2


def test_outgoing_and_tasks_search(uow, register_outgoing):
    register_outgoing(title="关于调整镇防汛指挥部成员的通知")
    with uow() as session:
        tasks.add_task(session, tasks.TaskForm("完成防汛物资储备", "应急办", date(2026, 6, 1),
                                               assigned_on=date(2026, 5, 1)))  # fmt: skip
        found = queries.list_outgoing(session, FilingFilter(text="防汛指挥部"))
        assert [r.doc_number for r in found] == ["镇政〔2026〕1号"]
        assert queries.list_outgoing(session, FilingFilter(text="镇政〔2026〕1号"))
        assert queries.count_outgoing(session, FilingFilter(state="拟稿")) == 0
        assert [t.matter for t in queries.list_tasks(session, FilingFilter(text="物资储备"))] == [
            "完成防汛物资储备"
        ]
        assert outgoing.issuer_codes(session) == ["镇委", "镇政", "镇政办"]


def test_one_search_over_all_three(uow, register_outgoing):
    register_outgoing(title="关于秸秆禁烧工作的通知")
    with uow() as session:
        _receive(session, "关于加强秸秆禁烧的紧急通知", doc_type="通知")
        tasks.add_task(session, tasks.TaskForm("秸秆禁烧巡查", "农业办", date(2026, 6, 1),
                                               assigned_on=date(2026, 5, 1)))  # fmt: skip
        found = queries.search_all(session, FilingFilter(text="秸秆禁烧"))
        assert sorted(h.page for h in found.hits) == ["incoming", "outgoing", "tasks"]
        assert found.counts == {"incoming": 1, "outgoing": 1, "tasks": 1}
        notices = queries.search_all(session, FilingFilter(text="秸秆禁烧", doc_type="通知"))
        assert sorted(h.page for h in notices.hits) == ["incoming", "outgoing"]  # 督办: no 文种
        assert "tasks" not in notices.counts
        only_out = queries.search_all(session, FilingFilter(text="秸秆"), pages=("outgoing",))
        assert [(h.page, h.number) for h in only_out.hits] == [("outgoing", "镇政〔2026〕1号")]
        task_state = queries.search_all(session, FilingFilter(text="秸秆禁烧", state="办理中"))
        assert {h.page for h in task_state.hits} <= {"incoming", "outgoing", "tasks"}


def test_record_id_lists_just_that_record(uow, register_outgoing):
    out_id = register_outgoing(title="关于秸秆禁烧工作的通知").id
    with uow() as session:
        first = _receive(session, "关于加强秸秆禁烧的紧急通知")
        _receive(session, "关于秸秆综合利用的通知")
        task_id = tasks.add_task(session, tasks.TaskForm("秸秆禁烧巡查", "农业办",
                                 date(2026, 6, 1), assigned_on=date(2026, 5, 1)))  # fmt: skip
        pinned = FilingFilter(record_id=first)
        assert [r.id for r in queries.list_incoming(session, pinned)] == [first]
        assert queries.count_incoming(session, pinned) == 1
        assert [r.id for r in queries.list_outgoing(session, FilingFilter(record_id=out_id))] == [
            out_id
        ]
        assert [r.id for r in queries.list_tasks(session, FilingFilter(record_id=task_id))] == [
            task_id
        ]


def test_day_range_is_whole_local_days_and_counts_match_lists(uow):
    """The list's SQL compares stored UTC text: a 签收 at 00:30 local counts on that day."""
    early = datetime(2026, 3, 5, 0, 30).astimezone()  # 00:30 local time, any time zone
    late = datetime(2026, 3, 5, 23, 59).astimezone()
    with uow() as session:
        _receive(session, "关于春耕备耕工作的通知", at=early)
        _receive(session, "关于春耕生产资金的请示", at=late)
        _receive(session, "关于春耕物资调度的报告", at=datetime(2026, 3, 6, 9).astimezone())
        day = date(2026, 3, 5)
        assert _titles(session, date_from=day, date_to=day) == {
            "关于春耕备耕工作的通知", "关于春耕生产资金的请示"
        }  # fmt: skip
        flt = FilingFilter(text="春耕 通知", date_to=day)
        assert queries.count_incoming(session, flt) == len(queries.list_incoming(session, flt))
        newest_first = [r.title for r in queries.list_incoming(session, FilingFilter(text="春耕"))]
        assert newest_first[0] == "关于春耕物资调度的报告"
        assert queries.count_incoming(session, FilingFilter(text="春耕", year=2025)) == 0


def test_a_long_and_a_short_word_together(uow, register_outgoing):
    """The trigram and the bigram lookups both bound :q, so one text stood for both and
    "防汛指挥部 成员" (3+ and 2 characters) found nothing."""
    register_outgoing(title="关于调整镇防汛指挥部成员的通知")
    with uow() as session:
        tasks.add_task(session, tasks.TaskForm("完成防汛物资储备", "应急办", date(2026, 6, 1),
                                               assigned_on=date(2026, 5, 1)))  # fmt: skip
        found = queries.list_outgoing(session, FilingFilter(text="防汛指挥部 成员"))
        assert [r.doc_number for r in found] == ["镇政〔2026〕1号"]
        assert queries.count_outgoing(session, FilingFilter(text="防汛指挥部 成员")) == 1
        matters = queries.list_tasks(session, FilingFilter(text="物资储备 防汛"))
        assert [t.matter for t in matters] == ["完成防汛物资储备"]


def test_one_latin_letter_finds_either_case_on_both_engines(uow, register_outgoing):
    """One letter has no index: LIKE scans, and SQLite's LIKE ignores ASCII case. The office
    server's LIKE did not (e found nothing in ETC there); both now find it."""
    with uow() as session:
        _receive(session, "关于推广ETC应用的通知")
    register_outgoing(title="关于推广ETC应用的通知")
    with uow() as session:
        assert _titles(session, text="e") == {"关于推广ETC应用的通知"}
        assert _titles(session, text="〔c") == set()  # punctuation: the same scan, any case
        assert _titles(session, text="推") == {"关于推广ETC应用的通知"}  # instr / strpos
        assert queries.count_incoming(session, FilingFilter(text="推")) == 1
        found = queries.list_outgoing(session, FilingFilter(text="t"))
        assert [r.title for r in found] == ["关于推广ETC应用的通知"]
        assert [t for _i, t, _n in queries.numbered_outgoing(session, "etc")] == [
            "关于推广ETC应用的通知"
        ]


def _six_with_duty(session) -> list[int]:
    """Six 收文, oldest first; 值班 in the 1st, 3rd, 4th and 6th. Their ids, newest first."""
    titles = ["关于值班安排的通知", "关于春耕的通知", "关于值班补贴的函", "关于节日值班的通知",
              "关于秋收的通知", "关于值班纪律的通知"]  # fmt: skip
    ids = [_receive(session, t, number=f"县政办发〔2026〕{i}号")
           for i, t in enumerate(titles, 1)]  # fmt: skip
    return [ids[5], ids[3], ids[2], ids[0]]


def test_a_word_rare_among_the_newest_rows_is_found_in_the_older_ones(uow, monkeypatch):
    """On the server a page is looked for among the newest rows first (here the newest 4):
    a page found there is the page, and a word with fewer hits there is looked up in the
    whole register, so no older hit is lost; paging agrees. SQLite reads its index."""
    from app.db import dialect

    monkeypatch.setattr(dialect, "SEARCH_WINDOW", 4)
    with uow() as session:
        newest_first = _six_with_duty(session)
    with uow() as session:
        flt = FilingFilter(text="值班")
        for limit in (2, 3, 4, 10):
            assert [r.id for r in queries.list_incoming(session, flt, limit=limit)] == (
                newest_first[:limit]
            )
        paged = [r.id for k in (0, 2) for r in queries.list_incoming(session, flt, offset=k,
                                                                      limit=2)]  # fmt: skip
        assert paged == newest_first
        assert [r.id for r in queries.list_incoming(session, flt, offset=3, limit=2)] == (
            newest_first[3:]
        )


def test_a_count_past_its_cap_is_left_to_later_on_the_server(uow):
    """count_incoming(at_most=): the server stops counting a common word past the cap (the
    list shows 余件 and counts in full after); SQLite's FTS5 counts its own hits at once."""
    from app.db import dialect

    with uow() as session:
        _six_with_duty(session)
    with uow() as session:
        flt = FilingFilter(text="值班")
        capped = None if dialect.is_postgres(session) else 4
        assert queries.count_incoming(session, flt, at_most=3) == capped
        assert queries.count_incoming(session, flt, at_most=4) == 4
        assert queries.count_incoming(session, flt) == 4
        every = None if dialect.is_postgres(session) else 6
        assert queries.count_incoming(session, FilingFilter(), at_most=5) == every
