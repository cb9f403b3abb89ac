"""The guard's answer for a project is found once, however many outputs of a build ask."""

import dataclasses
import gc

from docgen.files.paths import example_workbook
from docgen.public import readiness
from docgen.workbook.loader import load_project


def test_the_publication_and_the_report_share_one_scan(monkeypatch):
    project = load_project(example_workbook()).project
    scans = []
    original = readiness.screen
    monkeypatch.setattr(readiness, "screen", lambda *a: scans.append(1) or original(*a))
    first = readiness.problems(project)
    readiness.problems(project).clear()  # each caller gets its own list
    assert readiness.problems(project) == first
    assert len(scans) == 1
    readiness.problems(dataclasses.replace(project))  # another project is scanned anew
    assert len(scans) == 2


def test_nothing_is_kept_once_the_project_is_gone():
    project = load_project(example_workbook()).project
    readiness.problems(project)
    key = id(project)
    assert key in readiness._FOUND
    del project
    gc.collect()
    assert key not in readiness._FOUND
