"""The legal moves of 收文 (条例 art. 24) and 发文 (art. 25): state → actions → next state."""

from __future__ import annotations

from functools import cache

from app.services.errors import ValidationError

# 收文 states, in order of the work.
SIGNED = "已签收"
REGISTERED = "已登记"
RETURNED = "已退回"
REVIEWED = "待拟办"
AWAIT_INSTRUCTION = "待批示"
AWAIT_ASSIGN = "待分办"
HANDLING = "办理中"
DONE = "已办结"
ARCHIVED = "已归档"
INCOMING_STATES = (
    SIGNED, REGISTERED, RETURNED, REVIEWED, AWAIT_INSTRUCTION, AWAIT_ASSIGN, HANDLING, DONE,
    ARCHIVED,
)  # fmt: skip

# 收文 actions that move the state: action -> (from states, to state).
INCOMING_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "登记": (frozenset({SIGNED}), REGISTERED),
    "初审通过": (frozenset({REGISTERED}), REVIEWED),
    "退回": (frozenset({REGISTERED}), RETURNED),
    "阅知": (frozenset({REVIEWED}), HANDLING),
    "拟办": (frozenset({REVIEWED}), AWAIT_INSTRUCTION),
    "批示": (frozenset({AWAIT_INSTRUCTION}), AWAIT_ASSIGN),
    "分办": (frozenset({AWAIT_ASSIGN}), HANDLING),
    "办结": (frozenset({HANDLING}), DONE),
    "归档": (frozenset({DONE}), ARCHIVED),
}
OPEN_STATES = (AWAIT_INSTRUCTION, AWAIT_ASSIGN, HANDLING, REVIEWED)  # 办理时限 still runs
_IN_HAND = frozenset(OPEN_STATES)
# Actions that keep the state; each allowed in these states.
INCOMING_ACTIVITIES: dict[str, frozenset[str]] = {
    "传阅": _IN_HAND,
    "催办": frozenset({AWAIT_INSTRUCTION, AWAIT_ASSIGN, HANDLING}),
    "复文": frozenset({HANDLING, DONE}),
}
PAPER_OUT_ACTIONS = ("传阅归还", "收回", "取消传阅")
_BLOCKED_WHILE_OUT = frozenset({"传阅", "办结", "归档"})  # the paper must be back first


@cache  # a handful of combinations; a listed page asks for each row
def incoming_actions(
    state: str, paper_out: bool, answered: bool = False, historical: bool = False
) -> tuple[str, ...]:
    """The moves a clerk may make on a 收文 now; the window offers exactly these.

    A 历史补录 (typed from a past year's paper register) records what was done then: it is
    not handled again, only 归档 once it is 已办结."""
    if historical:
        return ("归档",) if state == DONE and not paper_out else ()
    found = [a for a, (sources, _) in INCOMING_MOVES.items() if state in sources]
    found += [a for a, states in INCOMING_ACTIVITIES.items() if state in states]
    if answered:
        found = [a for a in found if a != "复文"]
    if paper_out:
        found = [a for a in found if a not in _BLOCKED_WHILE_OUT] + list(PAPER_OUT_ACTIONS)
    return tuple(found)


def check_incoming(
    state: str, paper_out: bool, action: str, answered: bool = False, historical: bool = False
) -> str | None:
    """The state after the action (None: it keeps the state), or ValidationError when the
    move is not legal now (records.step's rule for a 收文)."""
    if action not in incoming_actions(state, paper_out, answered, historical):
        why = "纸质文件尚在传阅中，须先归还或收回。" if paper_out else f"当前状态为“{state}”。"
        if historical:
            why = "这是往年登记簿的历史补录，只作记录，不再办理。"
        raise ValidationError(f"此收文现在不能“{action}”：{why}", field="state")
    move = INCOMING_MOVES.get(action)
    return None if move is None else move[1]


# 发文 states and moves (登记 allocates the 发文字号).
DRAFT = "拟稿"
VOID = "作废"  # a voided 发文 keeps its number, marked 作废
OUT_STATES = ("拟稿", "已核稿", "已签发", "已复核", "已登记", "已印制", "已核发", "已归档", "作废")
OUTGOING_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "核稿": (frozenset({"拟稿"}), "已核稿"),
    "签发": (frozenset({"已核稿"}), "已签发"),
    "复核": (frozenset({"已签发"}), "已复核"),
    "登记": (frozenset({"已复核"}), "已登记"),
    "印制": (frozenset({"已登记"}), "已印制"),
    "核发": (frozenset({"已印制"}), "已核发"),
    "归档": (frozenset({"已核发"}), "已归档"),
    "作废": (frozenset({"已登记", "已印制"}), "作废"),  # the number stays, marked 作废
}


def outgoing_actions(state: str) -> tuple[str, ...]:
    return tuple(a for a, (sources, _) in OUTGOING_MOVES.items() if state in sources)


def check_outgoing(state: str, action: str) -> str:
    """The state after the action, or ValidationError when the move is not legal now
    (records.step's rule for a 发文)."""
    if action not in outgoing_actions(state):
        raise ValidationError(f"此发文现在不能“{action}”：当前状态为“{state}”。", field="state")
    return OUTGOING_MOVES[action][1]
