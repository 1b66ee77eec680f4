"""The closed vocabularies and time limits of the 《信访工作条例》 (2022), and masking."""

from __future__ import annotations

import re

FORMS = ("走访", "书信", "电话", "传真", "信息网络")
CATEGORIES = ("建议意见类", "检举控告类", "申诉求决类")
ACCUSATION = "检举控告类"
HANDLINGS = ("当场答复", "受理", "转送", "交办", "导入法定程序")
OUTCOMES = ("予以支持", "作出解释说明", "不予支持")
SATISFACTION = ("满意", "基本满意", "不满意", "未评价")
DELIVERY = ("直接送达", "邮寄送达", "电子送达", "留置送达", "委托送达")
GENDERS = ("男", "女")

# words older registers use, accepted on import only
FORM_ALIASES = {
    "来访": "走访", "来信": "书信", "信件": "书信", "来电": "电话",
    "网上信访": "信息网络", "网信": "信息网络", "网络": "信息网络",
}  # fmt: skip
CATEGORY_ALIASES = {
    "建议类": "建议意见类", "意见类": "建议意见类", "检举类": "检举控告类",
    "控告类": "检举控告类", "申诉类": "申诉求决类", "求决类": "申诉求决类",
}  # fmt: skip

NOTIFY_DAYS = 15  # 书面告知是否受理: 收到之日起15日内
CONCLUDE_DAYS = 60  # 办结: 受理之日起60日内
EXTENSION_DAYS = 30  # 延长不得超过30日, once, 经负责人批准并告知信访人
OBJECTION_WORKDAYS = 5  # 对转送、交办有异议: 5个工作日内
REVIEW_REQUEST_DAYS = 30  # 复查/复核 请求: 收到意见之日起30日内
REVIEW_ANSWER_DAYS = 30  # 复查/复核 答复: 收到请求之日起30日内
MAX_REPRESENTATIVES = 5
REPRESENTATIVE_RULE = (
    "《信访工作条例》规定：多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人。"
)
DUE_SOON_DAYS = 7

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
_VILLAGE_END = ("社区", "居委会", "村委会", "村")


def normalise_id(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def id_number_problem(value: str) -> str | None:
    """None when value is a well-formed 18-digit 居民身份证号 (check digit included)."""
    if not _ID_RE.match(value):
        return "证件号应为18位（最后一位可为X）"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(value[:17], weights, strict=True))
    if "10X98765432"[total % 11] != value[17]:
        return "证件号校验位不对，请核对"
    return None


def phone_problem(value: str) -> str | None:
    return None if _PHONE_RE.match(value) else "电话应为11位手机号或带区号的固定电话"


def mask_id(value: str) -> str:
    """3201**********1234: the region and the last four stay, so a clerk can still match."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(value: str) -> str:
    """Only down to the village: 某某镇东湖村3组12号 → 某某镇东湖村."""
    for end in _VILLAGE_END:
        at = value.find(end)
        if at >= 0:
            return value[: at + len(end)]
    return "***" if value else ""
