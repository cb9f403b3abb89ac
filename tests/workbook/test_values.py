"""What staff really type: yes/no, levels, dates, times, years, lists and text."""

from datetime import date, datetime, time

import pytest

from docgen.model.dates import roc_full, roc_short, roc_time
from docgen.workbook import values
from docgen.workbook.values import ValueProblem


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("V", True),
        ("✓", True),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("１", True),
        (True, True),
        (" 是 ", True),
        (None, None),
        ("", None),
    ],
)
def test_yes_no(typed, expected):
    assert values.parse_bool(typed) is expected


def test_yes_no_rejects_other_words():
    with pytest.raises(ValueProblem, match="請填「是」或「否」"):
        values.parse_bool("也許")


@pytest.mark.parametrize(
    "typed, words, expected",
    [
        (2, None, 2),
        ("3", None, 3),
        ("２", None, 2),
        (1.0, None, 1),
        ("低", None, 1),
        ("中", None, 2),
        ("高", None, 3),
        ("幾乎不可能", values.LIKELIHOOD_WORDS, 1),
        ("可能", values.LIKELIHOOD_WORDS, 2),
        ("幾乎確定", values.LIKELIHOOD_WORDS, 3),
        ("輕微", values.IMPACT_WORDS, 1),
        ("嚴重", values.IMPACT_WORDS, 2),
        ("非常嚴重", values.IMPACT_WORDS, 3),
        (None, None, None),
    ],
)
def test_levels(typed, words, expected):
    assert values.parse_level(typed, words) == expected


@pytest.mark.parametrize("typed", [0, 4, "5", 2.5, "很高", "嚴重"])
def test_levels_outside_one_to_three(typed):
    with pytest.raises(ValueProblem):
        values.parse_level(typed, values.LIKELIHOOD_WORDS)


@pytest.mark.parametrize(
    "typed",
    [
        "106/8/15",
        "106.8.15",
        "106-8-15",
        "106年8月15日",
        "民國106年8月15日",
        "中華民國106年8月15日（星期二）",
        "106年8月15日(二)",
        "2017-08-15",
        "2017/8/15",
        "１０６／８／１５",
        "1060815",
        "20170815",
        1060815,
        datetime(2017, 8, 15),
        date(2017, 8, 15),
        42962,
    ],
)
def test_dates(typed):
    assert values.parse_date(typed) == date(2017, 8, 15)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("106/13/45", "不存在"),
        ("106/2/30", "不存在"),
        ("明天", "不是可辨識的日期"),
        ("106年8月15日（星期三）", "星期有誤"),
        ("106/8/15 左右", "無法辨識的文字"),
    ],
)
def test_impossible_dates(typed, message):
    with pytest.raises(ValueProblem, match=message):
        values.parse_date(typed)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("14:00", time(14)),
        ("14：30", time(14, 30)),
        ("1400", time(14)),
        (1400, time(14)),
        ("下午2時", time(14)),
        ("下午2時30分", time(14, 30)),
        ("上午9時", time(9)),
        ("中午12時", time(12)),
        ("2:00 PM", time(14)),
        ("14時", time(14)),
        (time(14), time(14)),
        (0.5833333333, time(14)),
        (datetime(2017, 8, 15, 14, 5), time(14, 5)),
    ],
)
def test_times(typed, expected):
    assert values.parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "下午14時", "14:75", "兩點"])
def test_impossible_times(typed):
    with pytest.raises(ValueProblem):
        values.parse_time(typed)


@pytest.mark.parametrize("typed", ["105", "105年", "民國105年", 105, "2016", 2016, "105年度"])
def test_roc_years(typed):
    assert values.parse_roc_year(typed) == 105


def test_lists_split_on_every_separator_staff_use():
    typed = "民政課、社會課，經建課,人文課;兵役課；行政課\n人事室"
    assert values.split_list(typed) == [
        "民政課",
        "社會課",
        "經建課",
        "人文課",
        "兵役課",
        "行政課",
        "人事室",
    ]


def test_text_keeps_what_was_typed_and_normalises_line_breaks():
    typed = '甲&乙 <丙> "丁" 😀 𠀀_x000D_\n第二行\r\n第三行\r第四行'
    assert values.clean_text(typed) == ('甲&乙 <丙> "丁" 😀 𠀀\n第二行\n第三行\n第四行', 0)


def test_text_drops_characters_xml_forbids_and_counts_them():
    assert values.clean_text("甲\x01乙\x0b丙_x0007_") == ("甲乙丙", 3)


def test_excel_escaped_underscore_stays_literal():
    assert values.clean_text("_x005F_x000D_")[0] == "_x000D_"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("可能性（1-3）", "可能性"),
        (" 可能性 (1–3) ", "可能性"),
        ("案例編號*", "案例編號"),
        ("風險值[選填]", "風險值"),
        ("主責單位〔代碼〕", "主責單位"),
        ("影響程度《1-3》", "影響程度"),
        ("風險值〈選填〉", "風險值"),
        ("主責單位【代碼或名稱】", "主責單位"),
    ],
)
def test_headers_lose_hints_and_brackets(header, expected):
    assert values.normalize_header(header) == expected


def test_roc_formatting():
    assert roc_full(date(2017, 8, 15), time(14)) == "中華民國106年8月15日（星期二）下午2時"
    assert roc_short(date(2017, 8, 15)) == "106.8.15"
    assert roc_time(time(9, 30)) == "上午9時30分"
    assert roc_time(time(12)) == "中午12時"


def test_zero_width_characters_are_dropped_but_an_emoji_keeps_its_joiner():
    from docgen.workbook.values import clean_text, clean_typed_text

    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    typed = "\ufeff依SOP、\u200bISO\u2060 9001\u200c及BR2、\u200dBR3" + family
    expected = "依SOP、ISO 9001及BR2、BR3" + family
    assert clean_text(typed) == (expected, 0)
    assert clean_typed_text(typed) == (expected, 0)
