"""Building several documents: all written, or none replaced."""

from docgen.build import build
from docgen.documents import Options
from docgen.files.paths import example_workbook
from docgen.workbook.loader import load_project


def test_a_failed_write_replaces_nothing_and_leaves_no_temporary_files(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "會議資料初稿_106年8月15日.docx").write_bytes(b"previous draft")
    (out / "簽到表_106年8月15日.docx").mkdir()  # a folder squats on the sign-in sheet's name
    code, _, err = run("build", "-o", "out")
    assert code == 1
    assert "已有同名資料夾" in err and "未寫入任何檔案" in err
    assert (out / "會議資料初稿_106年8月15日.docx").read_bytes() == b"previous draft"
    assert not (out / "會議資料_106年8月15日.docx").exists()
    assert sorted(p.name for p in out.iterdir()) == [
        "會議資料初稿_106年8月15日.docx",
        "簽到表_106年8月15日.docx",
    ]


def test_every_requested_document_is_reported(tmp_path):
    project = load_project(example_workbook()).project
    report = build(project, tmp_path, Options())
    written = {kind.key for kind, _ in report.written}
    skipped = {kind.key: reason for kind, reason in report.skipped}
    assert written == {"draft", "pack", "notice", "signin", "minutes", "publish", "submit"}
    assert set(skipped) == {"forms"} and "核定" in skipped["forms"]
    assert all(path.is_file() for _, path in report.written)
