"""The one-LibreOffice batch, ``--pdf``/``--odt`` on the commands, and ``docgen preview``."""

import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader

from docgen.documents import Options, kind
from docgen.files.paths import example_workbook
from docgen.office import batch, sandbox
from docgen.office import soffice as office
from docgen.office.errors import ConversionFailed, OfficeNotFound
from docgen.workbook.loader import load_project
from support.pdfcheck import pdf_pages

STALE = "請更新目錄"
CHAPTERS = ["第一章甲案", "第二章乙案", "第三章丙案"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def example():
    return load_project(example_workbook()).project


def write_kind(project, key: str, folder: Path) -> Path:
    rendered = kind(key).render(project, Options(force=True))[0]
    path = folder / rendered.relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered.data)
    return path


def add_field(paragraph, instruction: str, cached: str) -> None:
    """Append a complex field with a cached (stale) result to ``paragraph``."""

    def char(kind_: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind_)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(cached)
    char("end")


def toc_document(path: Path) -> Path:
    """Write a .docx with a table of contents whose cached text is stale, and three chapters."""
    document = docx.Document()
    add_field(document.add_paragraph(), r'TOC \o "1-3" \h \z \u', STALE)
    for chapter in CHAPTERS:
        document.add_page_break()
        document.add_heading(chapter, level=1)
        document.add_paragraph("內容")
    document.save(str(path))
    return path


@pytest.mark.soffice
def test_one_libreoffice_run_converts_the_whole_batch_beside_each_file(
    example, tmp_path, monkeypatch
):
    paths = [write_kind(example, key, tmp_path) for key in ("signin", "minutes")]
    runs = []
    real = sandbox.run_confined
    monkeypatch.setattr(sandbox, "run_confined", lambda *a, **k: runs.append(a) or real(*a, **k))
    made = batch.convert_all(paths, ["pdf", "odt"])
    assert len(runs) == 1
    assert made == [p.with_suffix(s) for p in paths for s in (".pdf", ".odt")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in paths] + [p.name for p in made]
    )  # no temporary file, no profile left beside them


@pytest.mark.soffice
def test_the_table_of_contents_is_brought_up_to_date(tmp_path, soffice):
    path = toc_document(tmp_path / "目錄.docx")
    plain = office.convert(path, "pdf", tmp_path / "plain")
    assert STALE in squeeze(pdf_pages(plain)[0])  # a plain conversion keeps the stale text
    (pdf,) = batch.convert_all([path], ["pdf"])
    first = squeeze(pdf_pages(pdf)[0])
    assert STALE not in first
    for number, chapter in enumerate(CHAPTERS, 2):
        assert re.search(rf"{chapter}\.*{number}", first), first


@pytest.mark.soffice
def test_a_damaged_file_is_named_and_the_others_are_still_converted(example, tmp_path):
    good = write_kind(example, "signin", tmp_path)
    bad = tmp_path / "損壞.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "損壞.pdf").write_bytes(b"the previous PDF")
    with pytest.raises(ConversionFailed, match=r"損壞\.docx") as raised:
        batch.convert_all([bad, good], ["pdf"])
    assert raised.value.written == [good.with_suffix(".pdf")]
    assert PdfReader(good.with_suffix(".pdf")).pages
    assert (tmp_path / "損壞.pdf").read_bytes() == b"the previous PDF"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_missing_libreoffice_names_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(OfficeNotFound, match=r"無法轉換 a\.docx.*libreoffice-writer-nogui"):
        batch.convert_all([source], ["pdf"])


@pytest.mark.soffice
def test_missing_uno_python_names_its_package(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "_uno_python", lambda *args: None)
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(OfficeNotFound, match="python3-uno"):
        batch.convert_all([source], ["pdf"])


def test_nothing_to_convert_starts_nothing(monkeypatch):
    monkeypatch.setattr(sandbox, "run_confined", pytest.fail)
    assert batch.convert_all([], ["pdf"]) == []


@pytest.mark.soffice
def test_build_with_pdf_and_odt_converts_every_word_document_written(run, tmp_path):
    code, out, err = run("build", "-o", "out", "--pdf", "--odt")
    assert code == 0, err
    documents = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(documents) >= 4
    for path in documents:
        assert PdfReader(path.with_suffix(".pdf")).pages
        assert path.with_suffix(".odt").read_bytes()[:2] == b"PK"
        shown = Path("out") / path.relative_to(tmp_path / "out").with_suffix(".pdf")
        # the report to the city converts its own, in the same run, to attach them to its e-mail
        said = "已產出 陳報市府政風處資料" if path.parent.name == "陳報" else "已轉成 PDF"
        assert f"{said}：{shown}" in out
    assert not list((tmp_path / "out").rglob("*.tmp"))


@pytest.mark.soffice
def test_a_document_command_takes_pdf_too(run, tmp_path):
    code, out, err = run("forms", "--force", "-o", "out", "--pdf")
    assert code == 0, err
    forms = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(forms) > 1 and all(p.with_suffix(".pdf").is_file() for p in forms)
    assert f"已轉成 PDF：{Path('out') / forms[0].relative_to(tmp_path / 'out')}"[:-4] in out
    assert not list((tmp_path / "out").rglob("*.odt"))


def test_without_libreoffice_the_word_documents_are_written_and_the_exit_is_1(
    run, tmp_path, monkeypatch
):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    code, out, err = run("pack", "-o", "out", "--pdf")
    assert code == 1
    assert (tmp_path / "out" / "會議資料_106年8月15日.docx").is_file()
    assert "已產出 會議資料" in out
    assert "libreoffice-writer-nogui" in err
    assert "Word 文件已寫入，但未能全部轉成 PDF" in err
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.soffice
def test_preview_renders_every_page_and_says_where(run, tmp_path, example):
    path = write_kind(example, "signin", tmp_path / "docs")
    code, out, err = run("preview", str(path), "-o", "pages")
    assert code == 0, err
    pages = sorted((tmp_path / "pages").glob("*.png"))
    (pdf,) = batch.convert_all([path], ["pdf"])
    assert len(pages) == len(PdfReader(pdf).pages) >= 1
    assert pages[0].name == f"{path.stem}-01.png"
    assert pages[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(pages[0].read_bytes()[16:20], "big")
    assert width == pytest.approx(21 / 2.54 * 60, abs=2)  # A4 at 60 dpi
    assert f"已產生 1 份文件、共 {len(pages)} 頁預覽圖：pages" in out
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, pdf.name]


@pytest.mark.soffice
def test_preview_of_a_folder_mirrors_it_and_replaces_an_older_preview(run, tmp_path, example):
    docs = tmp_path / "docs"
    write_kind(example, "signin", docs)
    form = write_kind(example, "forms", docs)
    stale = docs / "預覽" / form.parent.name / f"{form.stem}-99.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old page")
    code, out, err = run("preview", "docs")
    assert code == 0, err
    assert not stale.exists()
    assert (docs / "預覽" / form.parent.name / f"{form.stem}-01.png").is_file()
    assert "已產生 2 份文件" in out and "docs/預覽" in out
    assert not list(docs.rglob("*.pdf"))
