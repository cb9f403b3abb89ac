"""The installed package is complete: an unpacked wheel alone builds the bundled example."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tools.build_templates import template_names

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("docgen-*.whl")
    return built


def test_the_wheel_carries_the_example_templates_and_fonts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "docgen/data/廉政細工專案_範例.xlsx" in names
    assert "docgen/office/fonts/fonts.conf" in names
    assert {f"docgen/templates/{name}.docx" for name in template_names()} <= names


def test_the_unpacked_wheel_alone_builds_the_example(wheel, tmp_path):
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    environment = {**os.environ, "PYTHONPATH": str(installed)}
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "build", "-o", "out"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "改用內建範例工作簿" in done.stderr
    check = [sys.executable, "-c", "import docgen, sys; print(docgen.__file__)"]
    where = subprocess.run(check, cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert where.stdout.startswith(str(installed))
    assert len(list((tmp_path / "out").glob("*.docx"))) == 5
