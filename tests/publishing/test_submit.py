"""docgen submit: the report to the city with its data inside, the 函 draft and the e-mail."""

import email
import io
import json
from email import policy
from pathlib import Path

import docx
import pytest

from docgen.documents import Options, kind
from docgen.files.paths import example_workbook
from docgen.public.submission import VERSION, read_submission
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory

STEM = "臺南市南區區公所_106年8月15日"
REPORT = f"防貪策略資料_{STEM}"
LETTER = f"陳報函_{STEM}"


@pytest.fixture(scope="module")
def example():
    return load_project(example_workbook()).project


@pytest.fixture(scope="module")
def documents(example, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("submit")
    found = {}
    for rendered in kind("submit").render(example, Options()):
        path = folder / rendered.relative_path.name
        path.write_bytes(rendered.data)
        found[path.suffix if path.stem != LETTER else "letter"] = path
    return found


def test_the_report_carries_its_data_and_the_same_json_beside_it(documents, example):
    embedded = read_submission(documents[".docx"])
    beside = json.loads(documents[".json"].read_text("utf-8"))
    assert embedded is not None and embedded.agency == "臺南市南區區公所"
    assert embedded.version == VERSION == beside["version"]
    assert list(embedded.entries) == beside["entries"]
    assert [entry["case_id"] for entry in beside["entries"]] == [
        case.id for case in example.discussed_cases if case.public_summary
    ]


def test_the_report_shows_each_pattern_with_its_risks_measures_and_statutes(documents, example):
    text = docx_text(documents[".docx"].read_bytes())
    case = example.case("C02")
    assert case.pattern.strip() in text and case.public_summary.strip() in text
    assert "R05" in text and "高（3×3＝9）" in text and "中（1×3＝3）" in text
    assert "風險圖像" in text and "採行措施後（殘餘風險）" in text
    assert case.statutes.strip() in text
    for private in (case.summary, case.persons):
        assert private.strip() not in text


def test_the_letter_follows_the_official_field_order(documents):
    document = docx.Document(str(documents["letter"]))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    order = ["臺南市南區區公所　函", "受文者", "發文日期", "發文字號", "速別", "密等", "附件"]
    order += ["主旨", "說明", "正本", "副本", "區長　"]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(key)) for key in order]
    assert positions == sorted(positions)
    assert "主旨：檢送本所廉政細工專案防貪策略資料1份，請　鑒核。" in lines
    assert "發文字號：　　字第　　　　　　號" in lines  # left for the clerk's numbering
    sizes = {p.text.split("：")[0]: p.style.font.size.pt for p in document.paragraphs if p.text}
    assert sizes["受文者"] == 12 and sizes["主旨"] == 16
    assert document.paragraphs[0].style.font.size.pt == 20


def test_the_closing_phrase_and_recipient_are_settings(run, tmp_path):
    factory = WorkbookFactory()
    factory.settings.update({"陳報結語": "核備", "陳報機關": "高雄市政府政風處", "政風處信箱": ""})
    factory.headers["決議"] = ["案例編號", "決議"]
    factory.rows["決議"] = [{"案例編號": "C01", "決議": "照案通過。"}]
    factory.set("案例", 0, "公開摘要", "受理急難救助未查核已核發紀錄，致同一事故重複核發。")
    factory.save(tmp_path / "wb.xlsx")
    code, out, err = run("submit", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    (letter,) = (tmp_path / "out" / "陳報").glob("陳報函_*.docx")
    text = docx_text(letter.read_bytes())
    assert "請　核備。" in text and "受文者：高雄市政府政風處" in text
    assert "未產出陳報郵件" in out and "政風處信箱" in out


def test_private_data_stops_the_report_naming_the_cell(run, tmp_path):
    factory = WorkbookFactory()
    factory.headers["決議"] = ["案例編號", "決議"]
    factory.rows["決議"] = [{"案例編號": "C01", "決議": "照案通過。"}]
    factory.set("案例", 0, "公開摘要", "申請人A123456789重複申請。")
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("submit", "-i", "wb.xlsx", "-o", "out")
    assert code == 1 and "案例!L2（公開摘要）：疑似身分證統一編號" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.soffice
def test_the_report_and_letter_convert_with_libreoffice(documents, tmp_path, soffice):
    from support.pdfcheck import docx_to_pdf, pdf_pages

    for key in (".docx", "letter"):
        pdf = docx_to_pdf(documents[key].read_bytes(), tmp_path, documents[key].name)
        pages = pdf_pages(pdf)
        assert pages and "臺南市南區區公所" in pages[0].replace(" ", "")


def test_the_mail_is_an_unsent_draft_to_the_city_with_both_attached(documents, example):
    raw = documents[".eml"].read_bytes()
    assert raw.startswith(b"X-Unsent: 1\r\n") or b"\r\nX-Unsent: 1\r\n" in raw
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == example.settings.city_email
    assert message["Subject"] == "臺南市南區區公所陳報廉政細工專案防貪策略資料"
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [f"{REPORT}.docx", f"{LETTER}.docx"]
    attached = next(message.iter_attachments()).get_content()
    assert attached == documents[".docx"].read_bytes()
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert example.settings.officer in body and "請　鑒核" in body
    assert docx.Document(io.BytesIO(attached)).paragraphs


def _attachments(folder: Path) -> dict[str, bytes]:
    (eml,) = folder.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


@pytest.mark.soffice
def test_submit_attaches_the_pdf_and_odt_libreoffice_made_of_each(run, tmp_path, soffice):
    import zipfile

    from support.pdfcheck import pdf_pages

    code, out, err = run("submit", "-o", "out")
    assert code == 0, err
    folder = tmp_path / "out" / "陳報"
    attached = _attachments(folder)
    expected = [f"{stem}.{ext}" for stem in (REPORT, LETTER) for ext in ("docx", "pdf", "odt")]
    assert list(attached) == expected
    for name, data in attached.items():
        assert (folder / name).read_bytes() == data, name  # what is sent is what lies beside
    pdf = folder / f"{REPORT}.pdf"
    assert "臺南市南區區公所" in pdf_pages(pdf)[0].replace(" ", "")
    with zipfile.ZipFile(io.BytesIO(attached[f"{LETTER}.odt"])) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "鑒核".encode() in odt.read("content.xml")
    assert "未附 PDF" not in out


def test_without_libreoffice_the_mail_carries_the_word_files_and_says_why(
    run, tmp_path, monkeypatch
):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    code, out, err = run("submit", "-o", "out")
    assert code == 0, err
    folder = tmp_path / "out" / "陳報"
    assert list(_attachments(folder)) == [f"{REPORT}.docx", f"{LETTER}.docx"]
    assert "陳報郵件只附 Word 檔，未附 PDF 與 ODT" in out and "libreoffice" in out
    assert not list(folder.glob("*.pdf"))


def test_word_only_leaves_libreoffice_out(run, tmp_path):
    code, out, err = run("submit", "-o", "out", "--word-only")
    assert code == 0, err
    folder = tmp_path / "out" / "陳報"
    assert list(_attachments(folder)) == [f"{REPORT}.docx", f"{LETTER}.docx"]
    assert not list(folder.glob("*.odt")) and "未附" not in out
