"""Every failure a user can cause or meet is a zh-TW message naming the file, exit 1, not 70."""

import errno
import os

import pytest

from docgen.files import atomic
from docgen.office import soffice
from docgen.problems import DocgenError, RejectedFile, ToolError


def test_a_missing_workbook_is_named(run):
    code, _, err = run("check", "-i", "沒有這個檔案.xlsx")
    assert code == 1
    assert "沒有這個檔案.xlsx" in err and "未預期" not in err


@pytest.mark.parametrize(
    "number, reason",
    [
        (errno.ENOSPC, "磁碟空間不足"),
        (errno.EROFS, "唯讀"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_failing_disk_is_a_message_naming_the_file(run, monkeypatch, number, reason):
    def failing(target, data):
        raise OSError(number, os.strerror(number), str(target))

    monkeypatch.setattr(atomic, "_stage", failing)
    code, _, err = run("build", "-o", "out")
    assert code == 1
    assert reason in err and "會議資料初稿_106年8月15日.docx" in err
    assert "未預期" not in err and "未寫入任何檔案" in err


def test_an_os_error_escaping_the_library_still_names_its_file(run, monkeypatch):
    from docgen.workbook import loader

    def unreadable(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(loader, "load_project", unreadable)
    code, _, err = run("check")
    assert code == 1
    assert "廉政細工專案_範例.xlsx" in err and "未預期" not in err


def test_libreoffice_missing_is_a_docgen_error_naming_the_package(monkeypatch):
    monkeypatch.setenv(soffice.ENV_VAR, "/nonexistent/soffice")
    with pytest.raises(ToolError) as caught:
        soffice.find_soffice()
    assert isinstance(caught.value, DocgenError)
    assert "LibreOffice" in str(caught.value)


def test_a_rejected_form_is_an_input_error():
    assert issubclass(RejectedFile, DocgenError)


def test_a_real_bug_is_still_exit_70(run, monkeypatch):
    from docgen.workbook import loader

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(loader, "load_project", broken)
    code, _, err = run("check")
    assert code == 70
    assert "發生未預期的錯誤" in err
