"""Closed vocabularies of 公文 (文种, 紧急程度, 密级) and their checks (domain.md §0, §1.1)."""

from __future__ import annotations

from app.services.errors import ValidationError


def required_text(value: str, label: str, name: str) -> str:
    """The typed text without its spaces; refused under its field when there is none."""
    text = value.strip()
    if not text:
        raise ValidationError(f"请填写{label}。", field=name)
    return text


# 条例 art. 8, exactly these fifteen.
DOC_TYPES = (
    "决议", "决定", "命令（令）", "公报", "公告", "通告", "意见", "通知",
    "通报", "报告", "请示", "批复", "议案", "函", "纪要",
)  # fmt: skip
UPWARD_TYPES = frozenset({"请示", "报告"})  # always 上行文: must show 签发人
LEVELS = ("上级", "平级", "下级")  # the 主送机关's level, chosen at registration
URGENCIES = ("特急", "加急")
SECRECY_LIMITS = {"绝密": 30, "机密": 20, "秘密": 10}  # 保密期限 upper bounds, years
DISCLOSURES = ("主动公开", "依申请公开", "不予公开")

# Accepted on import only (legacy words found in old registers).
_IMPORT_DOC_TYPES = {
    "会议纪要": "纪要",
    "命令": "命令（令）",
    "令": "命令（令）",
    "命令(令)": "命令（令）",
}
_IMPORT_URGENCIES = {"急件": "加急"}
_NONE_WORDS = {"", "无", "普通", "平件", "一般", "非密", "none", "-", "—"}


def check_doc_type(
    value: str | None, *, on_import: bool = False, required: bool = True
) -> str | None:
    text = (value or "").strip()
    if on_import:
        text = _IMPORT_DOC_TYPES.get(text, text)
    if not text and not required:
        return None
    if text not in DOC_TYPES:
        raise ValidationError(f"文种“{text}”不在条例规定的15种之内。", field="doc_type")
    return text


def check_urgency(value: str | None, *, on_import: bool = False) -> str | None:
    text = (value or "").strip()
    if on_import:
        text = _IMPORT_URGENCIES.get(text, text)
        if text in _NONE_WORDS:
            return None
    if not text:
        return None
    if text not in URGENCIES:
        raise ValidationError(f"紧急程度只能是特急、加急或不填，不能是“{text}”。", field="urgency")
    return text


def check_secrecy(level: str | None, years: int | None) -> tuple[str | None, int | None]:
    """密级 is 绝密/机密/秘密 or none; a 保密期限 within the level's bound."""
    text = (level or "").strip()
    if text in _NONE_WORDS:
        if years:
            raise ValidationError("没有密级的文件不能填保密期限。", field="secrecy_years")
        return None, None
    if text not in SECRECY_LIMITS:
        raise ValidationError(
            f"密级只能是绝密、机密、秘密或不填，不能是“{text}”。", field="secrecy"
        )
    if years is not None and not 1 <= years <= SECRECY_LIMITS[text]:
        limit = SECRECY_LIMITS[text]
        raise ValidationError(f"{text}文件的保密期限应为1至{limit}年。", field="secrecy_years")
    return text, years


def secrecy_marking(level: str | None, years: int | None) -> str:
    """GB/T 9704 marking: 秘密★1年; the level alone when no period is set."""
    if not level:
        return ""
    return f"{level}★{years}年" if years else level


def parse_secrecy_marking(text: str | None) -> tuple[str | None, int | None]:
    """Read `秘密★1年`, `机密`, `秘密 5年` back into (level, years) and check them."""
    raw = (text or "").strip().replace("☆", "★").replace("*", "★")
    level, _, rest = raw.partition("★")
    if not rest and " " in level:
        level, _, rest = level.partition(" ")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return check_secrecy(level.strip(), int(digits) if digits else None)


def is_secret(level: str | None) -> bool:
    return bool(level)


def check_level(value: str | None) -> str:
    """The 主送机关's level (上级/平级/下级), or "" when not chosen."""
    text = (value or "").strip()
    if text and text not in LEVELS:
        raise ValidationError(f"主送机关级别只能是{'、'.join(LEVELS)}。", field="main_to_level")
    return text


def is_upward(doc_type: str | None, main_to_level: str | None) -> bool:
    """上行文: sent to a higher organ (an 意见 or 函 too), or a 请示/报告 whatever the level."""
    return main_to_level == "上级" or doc_type in UPWARD_TYPES
