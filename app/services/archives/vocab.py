"""What 装盒, 借阅, 鉴定 and the statistics add to the 保管期限 codes of codes.py."""

from __future__ import annotations

from app.services.archives.codes import OLD_PERIODS, PERIOD_NAMES, normalize_period
from app.services.errors import ValidationError

PERIOD_YEARS = {"D30": 30, "D10": 10}  # 永久 never runs out
TRANSFER_AFTER_YEARS = 10  # a county archive takes 永久 and 定期30年 件 over after 10 years
TRANSFERRED_PERIODS = ("Y", "D30")  # 定期10年 stays in the 档案室 until 鉴定
NEVER = 9999  # retain_until_year of a 件 kept for good after a 鉴定 (续存 永久)

__all__ = ["NEVER", "PERIOD_NAMES", "PERIOD_YEARS", "period_code", "period_name"]


def period_code(text: str) -> str:
    """Y / D30 / D10 from any usual spelling; a Chinese message for anything else."""
    code = normalize_period(text)
    if code is None and str(text or "").strip() in OLD_PERIODS:
        raise ValidationError(
            f"保管期限“{str(text).strip()}”是旧标准（DA/T 22-2000）的写法：DA/T 22-2015 只有 "
            "永久(Y)、定期30年(D30)、定期10年(D10)，长期、短期不能直接对应，请按本单位保管期限表鉴定后改填。"
        )
    if code is None:
        raise ValidationError(f"保管期限“{text}”无效：应为 永久(Y)、定期30年(D30) 或 定期10年(D10)")
    return code


def period_name(code: str) -> str:
    return PERIOD_NAMES.get(code, code)
