"""What a cross table's labels stand for: the county's words, months, quarters, 合计, doubt."""

from __future__ import annotations

import pytest

from app.services.returns.labels import ALL, TOTAL, Target, Vocabulary, parse_target, resolve
from app.services.returns.sources import MONTH, QUARTER

VISITS = Vocabulary("visits", {
    "类别": ("建议意见类", "检举控告类", "申诉求决类"),
    "形式": ("走访", "书信", "电话", "传真", "信息网络"),
    "村/社区": ("柳河村", "东风社区"), "处理方式": ("受理", "转送"),
    MONTH: tuple(str(n) for n in range(1, 13)), QUARTER: ("1", "2", "3", "4"),
})  # fmt: skip


@pytest.mark.parametrize(("label", "target"), [
    ("来信", "形式=书信"), ("来访", "形式=走访"), ("网上信访", "形式=信息网络"),
    ("电话", "形式=电话"), ("来 信", "形式=书信"), ("来信（件）", "形式=书信"),
    ("来信件数", "形式=书信"), ("检举控告", "类别=检举控告类"), ("建议类", "类别=建议意见类"),
    ("1月", "月份=1"), ("12月份", "月份=12"), ("十一月", "月份=11"), ("2026年3月", "月份=3"),
    ("一季度", "季度=1"), ("第4季度", "季度=4"), ("合计", TOTAL), ("总 计", TOTAL),
    ("件数", ALL), ("来访人次", "形式=走访"), ("受理件数", "处理方式=受理"),
])  # fmt: skip
def test_the_countys_words_resolve(label, target):
    found = resolve(label, VISITS)
    assert isinstance(found, Target) and found.text == target
    assert parse_target(found.text) == found


@pytest.mark.parametrize("label", ["13月", "第五季度", "群体性事件", "", "填报人："])
def test_labels_that_match_nothing(label):
    assert resolve(label, VISITS) is None


def test_a_label_that_fits_two_fields_is_ambiguous_not_guessed():
    both = Vocabulary("visits", {"村/社区": ("柳河村",), "处理方式": ("柳河村",)})
    found = resolve("柳河村", both)
    assert isinstance(found, list) and [t.text for t in found] == [
        "村/社区=柳河村",
        "处理方式=柳河村",
    ]


def test_numbers_are_never_labels():
    assert resolve(3, VISITS) is None
