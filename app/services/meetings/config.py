"""办会's local practice in settings: meeting 类型, 会议室 list and each 类型's 纪要 代字."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services import settings
from app.services.errors import ValidationError

KINDS_KEY = "meetings.kinds"
ROOMS_KEY = "meetings.rooms"
CODES_KEY = "meetings.minutes_codes"
DEFAULT_KINDS = ("党委会", "政府常务会", "党政联席会", "专题会", "其他")
DEFAULT_ROOMS = ("一楼会议室", "三楼会议室", "党建活动室")
# The 纪要 series of each 类型: its 代字 numbers 〔年〕N号 on the 发文字号 counters.
DEFAULT_CODES = {
    "党委会": "镇委会纪",
    "政府常务会": "镇政常纪",
    "党政联席会": "镇联席纪",
    "专题会": "镇专题纪",
    "其他": "镇会纪",
}
NOTICE_STATES = ("未通知", "已通知", "已回执", "请假")
ROLES = ("参会", "列席")  # 参会 people are the 应到


def _names(values: list[str], what: str) -> list[str]:
    clean = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not clean:
        raise ValidationError(f"至少填写一个{what}。")
    return clean


def kinds(session: Session) -> list[str]:
    return [str(k) for k in settings.get(session, KINDS_KEY, list(DEFAULT_KINDS))]


def save_kinds(session: Session, /, names: list[str]) -> list[str]:
    """The 类型 list (a 类型 in use may stay or go: old meetings keep their 类型 text)."""
    clean = _names(names, "会议类型")
    settings.put(session, KINDS_KEY, clean)
    return clean


def rooms(session: Session) -> list[str]:
    return [str(r) for r in settings.get(session, ROOMS_KEY, list(DEFAULT_ROOMS))]


def save_rooms(session: Session, /, names: list[str]) -> list[str]:
    clean = _names(names, "会议室")
    settings.put(session, ROOMS_KEY, clean)
    return clean


def minutes_codes(session: Session) -> dict[str, str]:
    """类型 -> 纪要 代字, for every configured 类型 (a new 类型 gets 镇会纪 until set)."""
    saved = settings.get(session, CODES_KEY, DEFAULT_CODES) or {}
    return {
        k: str(saved.get(k) or DEFAULT_CODES.get(k) or DEFAULT_CODES["其他"])
        for k in kinds(session)
    }


def save_minutes_codes(session: Session, /, codes: dict[str, str]) -> dict[str, str]:
    clean = {k.strip(): v.strip() for k, v in codes.items() if k.strip()}
    empty = [k for k, v in clean.items() if not v or "〔" in v]
    if empty:
        raise ValidationError(f"请为{'、'.join(empty)}填写纪要代字（不含年份和括号）。")
    settings.put(session, CODES_KEY, clean)
    return clean


def check_kind(session: Session, kind: str) -> str:
    text = kind.strip()
    known = kinds(session)
    if text not in known:
        raise ValidationError(f"会议类型“{text}”不在设置的类型中：{'、'.join(known)}。", "kind")
    return text


def check_room(session: Session, room: str) -> str:
    text = room.strip()
    known = rooms(session)
    if text and text not in known:
        raise ValidationError(f"会议室“{text}”不在会议室列表中：{'、'.join(known)}。", "room")
    return text
