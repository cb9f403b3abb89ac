"""The personal-data guard: what it catches in public text, and the look-alikes it leaves alone."""

import pytest

from docgen.public.guard import GuardResult, Hit, Kind, PublicText, Waiver, scan

UNITS = ("社會課", "民政課", "臺南市政府政風處")


def found(text: str, **options) -> list[tuple[str, str]]:
    """Return (matched, reason) of every unresolved hit in one text."""
    result = scan([PublicText("案例!M5", "公開摘要", text)], units=UNITS, **options)
    return [(hit.matched, hit.reason) for hit in result.hits]


# Check digits computed by hand; A800000014 and AA00000009 are the usual published examples.
@pytest.mark.parametrize(
    ("text", "matched", "kind"),
    [
        ("涉案人身分證統一編號A123456789，業已移送。", "A123456789", Kind.NATIONAL_ID),
        ("身分證號D122345673。", "D122345673", Kind.NATIONAL_ID),
        ("女性W223456781亦涉案", "W223456781", Kind.NATIONAL_ID),
        ("小寫a123456789照樣是", "a123456789", Kind.NATIONAL_ID),
        ("全形Ａ１２３４５６７８９照樣是", "Ａ１２３４５６７８９", Kind.NATIONAL_ID),
        ("外籍看護居留證A800000014。", "A800000014", Kind.RESIDENT_ID),
        ("舊式居留證AA00000009。", "AA00000009", Kind.RESIDENT_ID),
        ("民眾手機0912-345-678，", "0912-345-678", Kind.PHONE),
        ("手機0912345678。", "0912345678", Kind.PHONE),
        ("住家電話(06)2991112轉接", "(06)2991112", Kind.PHONE),
        ("聯絡電話06-2991112，", "06-2991112", Kind.PHONE),
        ("免付費專線0800-123-456。", "0800-123-456", Kind.PHONE),
        ("全形０９１２３４５６７８亦是", "０９１２３４５６７８", Kind.PHONE),
        ("電話：2991112，", "2991112", Kind.PHONE),
        ("請撥2345-6789分機12", "2345-6789", Kind.PHONE),
        ("臺灣臺南地方法院110年度訴字第123號判決", "110年度訴字第123號", Kind.CASE_NUMBER),
        ("最高法院111年度台上字第45號", "111年度台上字第45號", Kind.CASE_NUMBER),
        ("107年度上訴字第１２號", "107年度上訴字第１２號", Kind.CASE_NUMBER),
        ("請寄 wang.dm@mail.tainan.gov.tw 洽詢", "wang.dm@mail.tainan.gov.tw", Kind.EMAIL),
        ("信箱abc123@gmail.com。", "abc123@gmail.com", Kind.EMAIL),
        ("被告住臺南市南區府前路一段100號。", "臺南市南區府前路一段100號", Kind.ADDRESS),
        ("送至中華路一段100號，", "中華路一段100號", Kind.ADDRESS),
        ("位於府前路二段3巷5號", "府前路二段3巷5號", Kind.ADDRESS),
        ("於健康路3段1號之2門口", "健康路3段1號之2", Kind.ADDRESS),
        ("民族路三段十二號", "民族路三段十二號", Kind.ADDRESS),
        ("被告王大明利用職務上機會，詐取財物。", "王大明", Kind.ROLE_NAME),
        ("承辦人陳小華收受廠商賄賂", "陳小華", Kind.ROLE_NAME),
        ("里長陳明涉嫌侵占", "陳明", Kind.ROLE_NAME),
        ("證人李四證稱不知情", "李四", Kind.ROLE_NAME),
        ("承辦人：林志明於會議中說明", "林志明", Kind.ROLE_NAME),
        ("被上訴人黃大華", "黃大華", Kind.ROLE_NAME),
        ("廠商負責人歐陽娜娜", "歐陽娜娜", Kind.ROLE_NAME),
    ],
)
def test_personal_data_is_found(text, matched, kind):
    assert found(text) == [(matched, kind.value)]


@pytest.mark.parametrize(
    "text",
    [
        "依刑法第213條論處。",
        "核犯第213條之罪",
        "涉犯貪污治罪條例第5條第1項第2款利用職務上機會詐取財物罪",
        "詐領新臺幣5萬元",
        "金額計1,200,000元",
        "補助30000元",
        "106年辦理",
        "於106年8月15日召開座談會",
        "會議日期106/8/15、106.8.15",
        "西元2017-08-15",
        "依市府106年7月6日府政預字第1060699847號函辦理",
        "統一編號12345675之廠商",
        "身分證號A123456788（檢查碼不符）",
        "身分證號B123456789（檢查碼不符）",
        "A12345678901過長",
        "第3號",
        "府前路",
        "某課員利用職務上機會，虛報加班費",
        "承辦人甲○○明知不實",
        "里長乙涉嫌",
        "社會課承辦人於審核時未發現",
        "某承辦人",
        "甲里長",
        "被告某甲",
        "被告等人",
        "承辦人丁○○",
        "證人王○○",
        "證人王ＯＯ",
        "承辦人王某",
        "告訴人林姓女子",
        "承辦人民政課",
        "承辦人陳報市府",
        "課長核章",
        "區長周知各課室",
        "A廠商負責人B",
    ],
)
def test_look_alikes_are_not_hits(text):
    assert found(text) == []


def test_a_name_the_workbook_holds_is_a_certain_hit_anywhere():
    text = "本案經王小明自行檢舉。"
    assert found(text) == []
    result = scan([PublicText("案例!M5", "公開摘要", text)], names=["王小明"])
    assert [(h.matched, h.reason, h.review) for h in result.hits] == [
        ("王小明", Kind.NAME.value, False)
    ]


def test_names_that_are_empty_one_character_or_masked_are_ignored():
    assert found("王先生與王○○到場", names=["", " ", "王", "王○○"]) == []


def test_the_longest_workbook_name_wins():
    assert found("歐陽明德到場", names=["歐陽明", "歐陽明德"]) == [("歐陽明德", Kind.NAME.value)]


def test_a_workbook_name_after_a_role_word_is_reported_once_as_certain():
    result = scan([PublicText("案例!M5", "公開摘要", "被告王大明利用")], names=["王大明"])
    assert [(h.matched, h.review) for h in result.hits] == [("王大明", False)]


def test_a_name_after_a_role_word_is_marked_for_review():
    result = scan([PublicText("案例!M5", "公開摘要", "被告王大明利用")])
    assert [h.review for h in result.hits] == [True]


def test_a_unit_name_after_a_role_word_names_no_one():
    texts = [PublicText("案例!M5", "公開摘要", "承辦人林業保育署人員")]
    assert scan(texts, units=["林業保育署"]).hits == ()
    assert [hit.matched for hit in scan(texts).hits] == ["林業保"]


def test_the_agency_s_own_numbers_are_not_hits_however_written():
    own = ["(06)2991111", "06-2991111 分機 123"]
    text = "洽詢電話06-2991111、(06) 299-1111、+886-6-2991111、電話：2991111"
    assert found(text, allowed_phones=own) == []
    assert len(found(text)) == 4


def test_another_number_is_a_hit_even_when_the_agency_s_own_are_allowed():
    text = "本所電話06-2991111，承辦人手機0912-345-678，傳真06-2991112"
    assert [m for m, _ in found(text, allowed_phones=["(06)2991111"])] == [
        "0912-345-678",
        "06-2991112",
    ]


def test_an_id_is_not_also_reported_as_a_phone_number():
    assert found("A123456789 0912345678") == [
        ("A123456789", Kind.NATIONAL_ID.value),
        ("0912345678", Kind.PHONE.value),
    ]


def test_hits_keep_text_order_then_position_order():
    texts = [
        PublicText("案例!M5", "公開摘要", "被告王大明的信箱a@b.tw"),
        PublicText("案例!M3", "案情概述", "手機0912-345-678"),
    ]
    assert [(h.where, h.matched) for h in scan(texts).hits] == [
        ("案例!M5", "王大明"),
        ("案例!M5", "a@b.tw"),
        ("案例!M3", "0912-345-678"),
    ]


def test_message_names_the_cell_the_column_and_a_masked_id():
    (hit,) = scan([PublicText("案例!M5", "公開摘要", "身分證D122345673")]).hits
    assert hit.message() == "案例!M5（公開摘要）：疑似身分證統一編號「D1223…」"


@pytest.mark.parametrize(
    ("matched", "kind", "shown"),
    [
        ("王大明", Kind.ROLE_NAME, "王○○"),
        ("歐陽娜娜", Kind.NAME, "歐○○○"),
        ("臺南市南區府前路一段100號", Kind.ADDRESS, "臺南市南區府…"),
        ("0912-345-678", Kind.PHONE, "0912-…"),
        ("a@b.tw", Kind.EMAIL, "a@b…"),
    ],
)
def test_message_masks_each_kind(matched, kind, shown):
    hit = Hit("案例!M5", "", matched, kind.value, False, kind)
    assert hit.message() == f"案例!M5：{kind.value}「{shown}」"


TWO_CELLS = (
    PublicText("案例!M5", "公開摘要", "手機0912-345-678"),
    PublicText("案例!M6", "公開摘要", "手機0912-345-678"),
)


def test_a_waiver_by_text_waives_it_in_every_cell():
    waiver = Waiver("0912-345-678", by="政風室主任", on="106年8月1日", reason="機關公務手機")
    result = scan(TWO_CELLS, waivers=[waiver])
    assert result.hits == ()
    assert [(hit.where, w) for hit, w in result.waived] == [
        ("案例!M5", waiver),
        ("案例!M6", waiver),
    ]
    assert result.ok


def test_a_waiver_for_one_cell_waives_only_that_cell():
    waiver = Waiver("0912-345-678", where="案例!M5")
    result = scan(TWO_CELLS, waivers=[waiver])
    assert [hit.where for hit in result.hits] == ["案例!M6"]
    assert [hit.where for hit, _ in result.waived] == ["案例!M5"]
    assert not result.ok


def test_a_waiver_for_another_cell_or_text_waives_nothing():
    waivers = [Waiver("0912-345-678", where="案例!M9"), Waiver("0912345678")]
    result = scan(TWO_CELLS, waivers=waivers)
    assert len(result.hits) == 2 and result.waived == ()


def test_a_scan_with_nothing_found_is_ok():
    assert scan([PublicText("案例!M5", "公開摘要", "某課員虛報加班費數萬元")]) == GuardResult(
        (), ()
    )
    assert GuardResult((), ()).ok


def test_no_valid_phone_number_has_fewer_digits_than_the_guard_looks_for():
    """A text with fewer digits than MIN_PHONE_DIGITS skips phonenumbers: none can be missed."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

    from docgen.public.guard import MIN_PHONE_DIGITS

    fewest = min(
        len(str(code)) + min(length for length in metadata.general_desc.possible_length if length)
        for code, regions in COUNTRY_CODE_TO_REGION_CODE.items()
        for region in regions
        if (metadata := PhoneMetadata.metadata_for_region_or_calling_code(code, region))
        and metadata.general_desc.possible_length
    )
    taiwan = min(PhoneMetadata.metadata_for_region("TW").general_desc.possible_length)
    assert min(fewest, taiwan) >= MIN_PHONE_DIGITS


def test_a_hit_after_characters_that_normalise_to_several_keeps_its_own_text():
    result = scan([PublicText("案例!M5", "公開摘要", "㈱甲公司負責人手機０９１２３４５６７８。")])
    assert [hit.matched for hit in result.hits] == ["０９１２３４５６７８"]


# --- phonenumbers only where a number could be -----------------------------------------------


def phonenumbers_finds(text: str) -> list[tuple[int, int, str]]:
    """Return what phonenumbers itself finds in ``text`` (the guard's oracle)."""
    import phonenumbers

    leniency = phonenumbers.Leniency.VALID
    return [
        (m.start, m.end, str(m.number.national_number))
        for m in phonenumbers.PhoneNumberMatcher(text, "TW", leniency=leniency)
    ]


def test_texts_skipped_before_phonenumbers_hold_no_number_it_would_find():
    import random
    import unicodedata

    from docgen.public import guard

    rng = random.Random(2017)
    pieces = [*"0123456789", *"0299", " ", "-", "－", ".", "/", "(", ")", "（", "）", "+", "#"]
    pieces += ["年", "月", "日", "第", "號", "電話", "轉", "分機", "元", "、", "ext", "x", "\n"]
    phones = ["06-2991111", "(06)2991111", "0912-345-678", "0912345678", "+886-6-2991111"]
    phones += ["02 2345 6789", "06.299.1111", "(02)2345-6789#12", "2991111", "+43 1234"]
    skipped = found_any = 0
    for _ in range(20000):
        chosen = rng.choices(pieces, k=rng.randint(1, 30))
        if rng.random() < 0.4:  # a number as people write them, its separators varied
            phone = rng.choice(phones)
            phone = "".join(rng.choice(" -－./") if c in " -." else c for c in phone)
            chosen.insert(rng.randint(0, len(chosen)), phone)
        text = unicodedata.normalize("NFKC", "".join(chosen))
        expected = phonenumbers_finds(text)
        assert list(guard._matched_numbers(text)) == expected, text
        skipped += guard._DIGIT_RUN.search(text) is None
        found_any += bool(expected)
    assert skipped > 2000 and found_any > 200  # both sides of the shortcut are exercised


def test_a_build_of_the_example_never_imports_phonenumbers():
    from support.imports import imported

    code = (
        "from docgen.files.paths import resolve_input\n"
        "from docgen.public.readiness import problems\n"
        "from docgen.workbook.loader import load_project\n"
        "assert problems(load_project(resolve_input(None)[0]).project) is not None\n"
    )
    assert imported(code, ["phonenumbers"]) == []
