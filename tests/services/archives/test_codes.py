"""The one 档号 builder and parser: every scheme, the U+00B7, 4-digit 件号, bad codes named."""

from __future__ import annotations

import pytest

from app.services.archives.codes import (
    DOT,
    ORDER_NO_ORG,
    ORDER_ORG_PERIOD,
    ORDER_PERIOD_ORG,
    Category,
    Scheme,
    build,
    normalize_period,
    parse,
)
from app.services.archives.vocab import period_code
from app.services.errors import ValidationError

ORGS = frozenset({"BGS", "DJB"})
SCHEMES = {
    ORDER_PERIOD_ORG: (Category(2025, "Y", "BGS"), 1, "Z109-WS·2025-Y-BGS-0001"),
    ORDER_ORG_PERIOD: (Category(2025, "D30", "DJB"), 12, "Z109-WS·2025-DJB-D30-0012"),
    ORDER_NO_ORG: (Category(2024, "Y", ""), 3, "Z109-WS·2024-Y-0003"),
}


@pytest.mark.parametrize("order", list(SCHEMES))
def test_build_and_parse_round_trip_in_every_scheme(order):
    cat, no, expected = SCHEMES[order]
    scheme = Scheme("Z109", order, ORGS)
    code = build(scheme, cat, no)
    assert code == expected and DOT in code and code[7] == "\u00b7"
    parsed = parse(scheme, code)
    assert (parsed.category, parsed.item_no, parsed.code) == (cat, no, code)


def test_official_example_and_the_no_org_example():
    assert build(Scheme("Z109", ORDER_PERIOD_ORG, ORGS), Category(2011, "Y", "BGS"), 1) == (
        "Z109-WS·2011-Y-BGS-0001")  # fmt: skip
    assert build(Scheme("J012", ORDER_NO_ORG), Category(2024, "Y"), 3) == "J012-WS·2024-Y-0003"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("abc", "应如 Z109-WS·2025-Y-BGS-0001"),
        ("Z109-WS·2025-Y-BGS-1", "应如"),  # the 件号 has 4 digits
        ("Z109-WS·2025-Y-BGS-0000", "件号"),
        ("Z108-WS·2025-Y-BGS-0001", "全宗号应为 Z109"),
        ("Z109-KJ·2025-Y-BGS-0001", "门类代码应为 WS"),
        ("Z109-WS·2025-D20-BGS-0001", "保管期限"),
        ("Z109-WS·2025-Y-XXX-0001", "机构代码“XXX”未在设置中登记"),
        ("Z109-WS·2025-BGS-Y-0001", "保管期限"),  # the other level order
        ("Z109-WS-2025-Y-BGS-0001", "应如"),  # a hyphen where the · belongs
        ("Z109-WS·2025-Y-0001", "应如"),  # the 机构 level is missing
    ],
)
def test_parser_refuses_what_breaks_the_scheme(text, why):
    with pytest.raises(ValidationError, match=why):
        parse(Scheme("Z109", ORDER_PERIOD_ORG, ORGS), text)


def test_parser_takes_lookalike_dots_and_lower_case_and_gives_the_builders_code():
    scheme = Scheme("Z109", ORDER_PERIOD_ORG, ORGS)
    assert parse(scheme, " z109－ws・2025-y-bgs-0007 ").code == "Z109-WS·2025-Y-BGS-0007"


def test_no_org_scheme_refuses_an_org_and_needs_none():
    scheme = Scheme("Z109", ORDER_NO_ORG)
    with pytest.raises(ValidationError, match="应如 Z109-WS·2025-Y-0001"):
        parse(scheme, "Z109-WS·2025-Y-BGS-0001")
    with pytest.raises(ValidationError, match="不设机构"):
        build(scheme, Category(2025, "Y", "BGS"), 1)


def test_builder_needs_a_fonds_and_a_4_digit_number():
    with pytest.raises(ValidationError, match="全宗号"):
        build(Scheme("", ORDER_NO_ORG), Category(2025, "Y"), 1)
    with pytest.raises(ValidationError, match="9999"):
        build(Scheme("Z109", ORDER_NO_ORG), Category(2025, "Y"), 10000)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [("永久", "Y"), ("Y", "Y"), ("y", "Y"), ("30年", "D30"), ("定期30年", "D30"), ("D30", "D30"),
     ("d30", "D30"), ("10年", "D10"), ("定期10年", "D10"), ("D10", "D10"), (" 定期（10年）", "D10"),
     ("20年", None), ("", None), ("长期", None), ("短期", None)],
)  # fmt: skip
def test_every_spelling_of_the_period(spelling, code):
    assert normalize_period(spelling) == code


@pytest.mark.parametrize("old", ["长期", "短期"])
def test_the_old_periods_are_refused_with_the_standard_named(old):
    """长期 was read as 永久 and 短期 as 定期10年: DA/T 22-2015 has no such mapping."""
    with pytest.raises(ValidationError, match="DA/T 22-2000") as caught:
        period_code(old)
    assert "永久(Y)、定期30年(D30)、定期10年(D10)" in caught.value.message
