"""The 档案 words the boxes, 借阅, 鉴定 and statistics share: 保管期限 codes and names."""

from __future__ import annotations

from app.services.errors import ValidationError

PERIOD_NAMES = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}
PERIOD_YEARS = {"D30": 30, "D10": 10}  # 永久 never runs out
TRANSFER_AFTER_YEARS = 10  # a county archive takes 永久 and 定期30年 件 over after 10 years
TRANSFERRED_PERIODS = ("Y", "D30")  # 定期10年 stays in the 档案室 until 鉴定
NEVER = 9999  # retain_until_year of a 件 kept for good after a 鉴定 (续存 永久)


def period_code(text: str) -> str:
    """Y / D30 / D10 from the code or its name; a Chinese message for anything else."""
    folded = text.strip().upper()
    for code, name in PERIOD_NAMES.items():
        if folded in (code, name):
            return code
    raise ValidationError(f"保管期限“{text}”无效：应为 永久(Y)、定期30年(D30) 或 定期10年(D10)")


def period_name(code: str) -> str:
    return PERIOD_NAMES.get(code, code)
