"""Fixtures of the compile tests: 20 generated submissions and one hand-written report."""

from pathlib import Path

import pytest

from docgen.compile import compile_book
from support.submissions import handwritten_docx, write_submissions

HANDWRITTEN = "臺南市東區區公所.docx"
COUNT = 20


@pytest.fixture(scope="session")
def submissions(tmp_path_factory) -> Path:
    """Return a folder of 20 submissions (.docx with data) and one report written by hand."""
    folder = tmp_path_factory.mktemp("submissions")
    write_submissions(folder, COUNT)
    (folder / HANDWRITTEN).write_bytes(handwritten_docx())
    return folder


@pytest.fixture(scope="session")
def compiled(submissions, tmp_path_factory):
    """Return the report of compiling the folder, and the book's bytes."""
    target = tmp_path_factory.mktemp("book") / "彙編.docx"
    report = compile_book([submissions], target)
    return report, target.read_bytes()
