"""``docgen compile`` on bad input: skipped files named, duplicates, the guard, the output."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import docx

from docgen.cli.progress import TerminalProgress, terminal_progress
from docgen.compile import compile_book
from docgen.public.submission import to_json
from support.docx_text import docx_text
from support.submissions import handwritten_docx, submission, submission_docx

BOOK = "廉政細工防貪策略彙編_106年度.docx"


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def good(folder: Path, number: int, **options) -> Path:
    data = submission(number, cases=2, **options)
    return write(folder, f"機關{number}.docx", submission_docx(data))


def test_unusable_files_are_skipped_and_named_and_the_rest_is_compiled(run, tmp_path):
    folder = tmp_path / "陳報"
    good(folder, 0)
    good(folder, 1)
    valid = submission_docx(submission(2, cases=2))
    write(folder, "損壞.docx", valid[: len(valid) // 2])
    write(folder, "文字檔.docx", "這其實是純文字".encode())
    newer = dict(submission(3, cases=2), version=2)
    write(folder, "新版.json", json.dumps(newer, ensure_ascii=False).encode())
    write(folder, "無機關.json", to_json(submission(4, cases=2, name=" ")))
    broken = submission(5, cases=2)
    broken["entries"][1]["risks"][0]["before"]["likelihood"] = 7
    write(folder, "錯誤案例.json", to_json(broken))
    code, out, err = run("compile", "陳報", "-o", "彙編.docx")
    assert code == 1
    for name in ("損壞.docx", "文字檔.docx", "新版.json", "無機關.json"):
        assert f"陳報/{name}" in err
    assert "比本程式認得的第 1 版新" in err
    assert "缺少機關名稱" in err
    assert "錯誤案例.json：第2則案例的「風險評估第1項控制前的可能性」應為 1 至 3 的整數" in err
    assert "有 5 個檔案無法使用" in err and "彙編已由其餘檔案產出" in err
    assert "收錄 2 個機關、4 則案例" in out
    text = docx_text(tmp_path / "彙編.docx")
    assert "未收錄之檔案（5個檔案）" in text and "損壞.docx：檔案已損壞" in text


def test_the_newer_of_two_reports_of_one_agency_wins_with_a_warning(run, tmp_path):
    folder = tmp_path / "陳報"
    good(folder, 0)  # 106年8月31日
    older = submission(0, cases=1, submitted=date(2017, 8, 1))
    write(folder, "機關0舊版.json", to_json(older))
    good(folder, 1)
    newer = submission(1, cases=1, submitted=date(2017, 9, 15))
    write(folder, "機關1更正.json", to_json(newer))
    code, out, err = run("compile", "陳報")
    assert code == 0
    assert "「機關0舊版.json」與「機關0.docx」都是臺南市新營區公所的陳報資料" in err
    assert "採用較新的「機關0.docx」（陳報日期106年8月31日）" in err
    assert "採用較新的「機關1更正.json」（陳報日期106年9月15日）" in err
    assert "收錄 2 個機關、3 則案例" in out  # 2 cases of agency 0, 1 of agency 1
    text = docx_text(Path("outputs") / BOOK)
    assert "機關0舊版.json：臺南市新營區公所另有較新的陳報資料" in text


def test_the_docx_and_json_of_one_submission_count_once(run, tmp_path):
    data = submission(0, cases=2)
    write(tmp_path / "陳報", "防貪策略資料.docx", submission_docx(data))
    write(tmp_path / "陳報", "防貪策略資料.json", to_json(data))
    code, out, err = run("compile", "陳報")
    assert (code, err) == (0, "")
    assert "陳報資料相同，只收錄一份" in out and "收錄 1 個機關、2 則案例" in out


def test_the_cover_letter_and_a_compiled_book_are_not_reports(run, tmp_path):
    good(tmp_path / "陳報", 0)
    write(tmp_path / "陳報", "陳報函_臺南市新營區公所_106年8月31日.docx", handwritten_docx())
    write(tmp_path / "陳報", BOOK, handwritten_docx())
    code, out, _ = run("compile", "陳報")
    assert code == 0
    assert "這是陳報函（公文），不是陳報資料，已略過" in out
    assert "這是彙編成品，不是陳報資料，已略過" in out
    assert "收錄 1 個機關" in out


def test_a_planted_national_id_stops_the_compile_and_nothing_is_written(run, tmp_path):
    good(tmp_path / "陳報", 0)
    data = submission(1, cases=3)
    data["entries"][1]["summary"] += "涉案人身分證統一編號A123456789。"
    write(tmp_path / "陳報", "南區區公所.docx", submission_docx(data))
    code, out, err = run("compile", "陳報", "-o", "彙編.docx")
    assert code == 1
    assert "南區區公所.docx 第2則（公開摘要）：疑似身分證統一編號「A1234…」" in err
    assert "A123456789" not in err + out
    assert "未寫入任何檔案" in err
    assert not (tmp_path / "彙編.docx").exists()
    assert list(tmp_path.glob("*.tmp")) == list(tmp_path.glob(".*")) == []


def test_the_guard_reads_a_hand_written_report_too(run, tmp_path):
    good(tmp_path / "陳報", 0)
    report = docx.Document(io.BytesIO(handwritten_docx()))
    report.add_paragraph("承辦人手機0912-345-678，請洽。")
    buffer = io.BytesIO()
    report.save(buffer)
    write(tmp_path / "陳報", "東區區公所.docx", buffer.getvalue())
    code, _, err = run("compile", "陳報")
    assert code == 1
    assert "東區區公所.docx（本文第" in err and "疑似電話號碼" in err
    assert not Path("outputs").exists()


def test_nothing_usable_writes_nothing(run, tmp_path):
    write(tmp_path / "陳報", "損壞.docx", b"PK\x03\x04 not really")
    code, _, err = run("compile", "陳報")
    assert code == 1
    assert "沒有可彙編的陳報資料" in err and "未寫入任何檔案" in err
    assert not Path("outputs").exists()


def test_a_folder_as_output_gets_the_book_s_name_and_mixed_years_the_newest(run, tmp_path):
    good(tmp_path / "陳報", 0)
    good(tmp_path / "陳報", 1, year=105)
    code, _, err = run("compile", "陳報", "-o", "成品")
    assert code == 0
    assert "年度不一（105、106）；彙編以最新的 106 年度命名" in err
    assert (tmp_path / "成品" / BOOK).is_file()
    assert "陳報資料之年度為105年度、106年度" in docx_text(tmp_path / "成品" / BOOK)


def test_an_output_that_is_no_word_file_is_refused(run, tmp_path):
    good(tmp_path / "陳報", 0)
    code, _, err = run("compile", "陳報", "-o", "彙編.pdf")
    assert code == 1 and "請以 .docx 為副檔名" in err


def test_a_file_named_on_the_command_line_must_be_a_report(run, tmp_path):
    good(tmp_path / "陳報", 0)
    write(tmp_path, "說明.txt", b"text")
    code, _, err = run("compile", "陳報", "說明.txt")
    assert code == 1 and "說明.txt：不是 Word（.docx）或 JSON（.json）的陳報資料" in err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_only_on_a_terminal():
    assert terminal_progress(io.StringIO()) is None
    assert isinstance(terminal_progress(Terminal()), TerminalProgress)
    screen = Terminal()
    bar = TerminalProgress(screen, delay=0)
    bar.begin("編排彙編", 3)
    bar.advance(3)
    bar.finish()
    assert "編排彙編" in screen.getvalue() and "/3 " in screen.getvalue()


def test_markup_in_the_data_is_text_and_characters_xml_cannot_hold_are_dropped(tmp_path):
    data = submission(0, cases=1)
    data["entries"][0]["title"] = 'A&B <w:p/> "登載"\x07不實'
    data["entries"][0]["measures"][0]["owners"] = "秘書室\x0b、會計室"
    write(tmp_path / "陳報", "機關.json", to_json(data))
    report = compile_book([tmp_path / "陳報"], tmp_path / "彙編.docx")
    assert report.cases == 1
    docx.Document(str(tmp_path / "彙編.docx"))  # the XML is well formed
    text = docx_text(tmp_path / "彙編.docx")
    assert '[Heading2] 一、A&B <w:p/> "登載"不實' in text
    assert "[TableText] 秘書室、會計室" in text


def test_a_word_file_python_docx_cannot_open_is_skipped_and_the_rest_compiled(run, tmp_path):
    good(tmp_path / "陳報", 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a document part, no package around it
        archive.writestr("word/document.xml", '<w:document xmlns:w="urn:w"/>')
    write(tmp_path / "陳報", "零件.docx", buffer.getvalue())
    code, out, err = run("compile", "陳報")
    assert code == 1
    assert "陳報/零件.docx：無法併入彙編（Word 文件內容無法解讀）" in err
    assert "收錄 1 個機關" in out
