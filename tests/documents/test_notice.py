"""The 開會通知單 on its own: official fields, the chair named the official way, typed 備註."""

import pytest

from docgen.documents.kinds.notice import official_name
from support.docx_text import docx_text
from support.factory import WorkbookFactory


@pytest.mark.parametrize(
    "title, name, shown",
    [
        ("區長", "林振宏", "林區長振宏"),
        ("區長", "歐陽文華", "歐陽區長文華"),
        ("主任", "陳", "主任陳"),
    ],
)
def test_the_chair_is_surname_title_given_name(title, name, shown):
    assert official_name(title, name) == shown


def test_the_notice_carries_the_fields_a_document_needs_and_the_typed_remarks(run, tmp_path):
    factory = WorkbookFactory()
    factory.settings["開會通知備註"] = "請攜帶筆電。\n會後請繳回資料。"
    factory.settings["陳報速別"] = "速件"
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("notice", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    (notice,) = (tmp_path / "out").glob("開會通知單_*.docx")
    text = docx_text(notice.read_bytes())
    for line in ("發文字號：", "速別：速件", "密等及解密條件或保密期限：", "附件：會議資料1份"):
        assert line in text
    assert "主持人：林區長大明" in text
    assert "請攜帶筆電。" in text and "會後請繳回資料。" in text and "環保杯" not in text


def test_no_notice_before_the_pack_is_approved(run, tmp_path):
    factory = WorkbookFactory()
    factory.settings.pop("核定日期")
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("notice", "-i", "wb.xlsx", "-o", "out")
    assert code == 1 and "會議資料尚未核定" in err and "核定日期" in err
