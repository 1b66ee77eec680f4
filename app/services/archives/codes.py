"""The one 档号 builder and the one parser (DA/T 22-2015 §5.4.2), and the 保管期限 spellings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.errors import ValidationError

DOT = "\u00b7"  # 中间点: joins within one level (WS·2025)
CATEGORY = "WS"  # 文书
PERIODS = ("Y", "D30", "D10")
PERIOD_NAMES = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}
SKIP = "不归档"

# Level orders the settings offer; the 件号 is always last.
ORDER_PERIOD_ORG = "年度-保管期限-机构"
ORDER_ORG_PERIOD = "年度-机构-保管期限"
ORDER_NO_ORG = "年度-保管期限"
ORDERS = (ORDER_PERIOD_ORG, ORDER_ORG_PERIOD, ORDER_NO_ORG)

_PERIOD_SPELLINGS = {
    "Y": "Y", "永久": "Y", "永久保存": "Y",
    "D30": "D30", "30": "D30", "30年": "D30", "定期30年": "D30", "定期30": "D30",
    "D10": "D10", "10": "D10", "10年": "D10", "定期10年": "D10", "定期10": "D10",
}  # fmt: skip
# DA/T 22-2000's 长期 (16–50 years) and 短期 (≤15 years) have no one new period: a 件 filed
# under them keeps its old period until a 鉴定 gives it one (DA/T 22-2015 replaced them).
OLD_PERIODS = ("长期", "短期")
# What people type for the 中间点 and the hyphen; the stored code is always the builder's.
_LOOKALIKES = str.maketrans({"・": DOT, "•": DOT, "‧": DOT, "⋅": DOT, "．": DOT, "∙": DOT,
                             "－": "-", "—": "-", "–": "-", "‐": "-"})  # fmt: skip


@dataclass(frozen=True)
class Scheme:
    """How this 全宗 numbers its 件: 全宗号, 门类, the level order and the known 机构 codes."""

    fonds: str
    order: str = ORDER_PERIOD_ORG
    org_codes: frozenset[str] = frozenset()
    category: str = CATEGORY

    @property
    def has_org(self) -> bool:
        return self.order != ORDER_NO_ORG


@dataclass(frozen=True, order=True)
class Category:
    """The lowest-level category: the 件号 restart in each one."""

    year: int
    period: str
    org_code: str = ""


@dataclass(frozen=True)
class Parsed:
    category: Category
    item_no: int
    code: str  # as the builder writes it


def normalize_period(text: object) -> str | None:
    """Y, D30 or D10 for any usual spelling (永久, 30年, 定期10年, d30 …), or None."""
    key = str(text or "").strip().replace(" ", "").upper()
    key = key.replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    return _PERIOD_SPELLINGS.get(key)


def check_category(scheme: Scheme, cat: Category) -> None:
    if not 1900 <= cat.year <= 2999:
        raise ValidationError(f"年度“{cat.year}”不对：应为四位年份。", "year")
    if cat.period not in PERIODS:
        raise ValidationError(f"保管期限“{cat.period}”不对：应为 Y、D30 或 D10。", "period")
    if scheme.has_org and not cat.org_code:
        raise ValidationError("本全宗按机构（问题）分类：请选择机构。", "org_code")
    if scheme.has_org and cat.org_code not in scheme.org_codes:
        raise ValidationError(f"机构代码“{cat.org_code}”未在设置中登记。", "org_code")
    if not scheme.has_org and cat.org_code:
        raise ValidationError("本全宗不设机构（问题）一级：不要填写机构。", "org_code")


def build(scheme: Scheme, cat: Category, item_no: int) -> str:
    """全宗号-WS·年度-保管期限-机构-件号 (or the scheme's order); checks every part."""
    if not scheme.fonds:
        raise ValidationError("尚未设置全宗号：请到“设置 → 单位信息”填写。", "fonds")
    check_category(scheme, cat)
    if not 1 <= item_no <= 9999:
        raise ValidationError(f"件号 {item_no} 超出范围（0001–9999）。", "item_no")
    levels = [cat.period]
    if scheme.has_org:
        levels = [cat.period, cat.org_code]
        if scheme.order == ORDER_ORG_PERIOD:
            levels.reverse()
    middle = "-".join(levels)
    return f"{scheme.fonds}-{scheme.category}{DOT}{cat.year}-{middle}-{item_no:04d}"


def example(scheme: Scheme) -> str:
    org = min(scheme.org_codes) if scheme.org_codes else "BGS"
    probe = Scheme(scheme.fonds or "Z109", scheme.order, frozenset({org}), scheme.category)
    return build(probe, Category(2025, "Y", org if probe.has_org else ""), 1)


def parse(scheme: Scheme, text: str) -> Parsed:
    """The 档号's category and 件号 under this scheme, or ValidationError saying what is wrong."""
    raw = str(text or "").strip()
    code = raw.translate(_LOOKALIKES).upper().replace(" ", "")
    parts = code.split("-")
    want = 5 if scheme.has_org else 4
    head = parts[1].split(DOT) if len(parts) == want else []
    if len(head) != 2 or not re.fullmatch(r"\d{4}", parts[-1]) or not head[1].isdigit():
        raise _bad(scheme, raw, "")
    if parts[0] != scheme.fonds:
        raise _bad(scheme, raw, f"全宗号应为 {scheme.fonds}")
    if head[0] != scheme.category:
        raise _bad(scheme, raw, f"门类代码应为 {scheme.category}")
    levels = parts[2:-1]
    if scheme.order == ORDER_ORG_PERIOD:
        levels.reverse()
    period, org = levels[0], (levels[1] if scheme.has_org else "")
    cat = Category(int(head[1]), period, org)
    try:
        built = build(scheme, cat, int(parts[-1]))
    except ValidationError as exc:
        raise _bad(scheme, raw, exc.message.rstrip("。")) from exc
    return Parsed(cat, int(parts[-1]), built)


def _bad(scheme: Scheme, raw: str, why: str) -> ValidationError:
    reason = f"：{why}" if why else f"，应如 {example(scheme)}"
    return ValidationError(f"档号“{raw}”不符合本全宗的档号规则{reason}。", "archive_code")
