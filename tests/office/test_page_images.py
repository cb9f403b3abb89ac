"""Pages of the example as a person sees them: low-resolution images against stored references.

A few pages of the example's 會議資料 (the notice, 依據 and 目的, a case's 風險評估 and
風險圖像), the 開會通知單, the 會議紀錄, one 修正意見表 and the 簽到表 are converted in one
LibreOffice batch, rendered at 30 dpi in grey and compared with the PNGs in
tests/office/images/ by a tolerant pixel difference (support/pageimage.py): a moved table or
a lost line fails, anti-aliasing noise does not. On failure the actual page and the
differences are saved beside the references, under tests/office/images/failed/, and the
message names them.

After an intended change of layout, look at the new pages and write them as the references:

    UPDATE_IMAGES=1 .venv/bin/pytest tests/office/test_page_images.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.documents import Options
from docgen.documents.kinds import forms, minutes, notice, pack, signin
from docgen.files.paths import example_workbook
from docgen.office import batch
from docgen.workbook.loader import load_project
from support.pageimage import Image, difference, read_png, render_page, write_png

pytestmark = pytest.mark.soffice

IMAGES = Path(__file__).with_name("images")
FAILED = IMAGES / "failed"
DPI = 30
MAX_DIFFERING = 0.002  # of a page's pixels: a lost line of text is several times more
FORM_UNIT = "民政課"
PAGES = {  # reference name: (document, page)
    "pack-1-notice": ("pack", 1),
    "pack-3-basis": ("pack", 3),
    "pack-5-risks": ("pack", 5),
    "notice-1": ("notice", 1),
    "minutes-1": ("minutes", 1),
    "forms-1": ("forms", 1),
    "signin-1": ("signin", 1),
}
KINDS = {"pack": pack, "notice": notice, "minutes": minutes, "forms": forms, "signin": signin}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, soffice) -> dict[str, Path]:
    """Return the PDF of each document of the example that the pages come from."""
    folder = tmp_path_factory.mktemp("images")
    project = load_project(example_workbook()).project
    paths = {}
    for key, module in KINDS.items():
        for rendered in module.render(project, Options(force=True)):
            name = rendered.relative_path.name
            if rendered.relative_path.suffix == ".docx" and (key != "forms" or FORM_UNIT in name):
                paths[key] = folder / f"{key}.docx"
                paths[key].write_bytes(rendered.data)
    batch.convert_all(list(paths.values()), ["pdf"])
    return {key: path.with_suffix(".pdf") for key, path in paths.items()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_looks_as_its_reference(pdfs, name):
    key, page = PAGES[name]
    actual = render_page(pdfs[key], page, DPI)
    reference = IMAGES / f"{name}.png"
    if os.environ.get("UPDATE_IMAGES") == "1":
        write_png(actual, reference)
        return
    assert reference.is_file(), f"no reference {reference}: run with UPDATE_IMAGES=1"
    share, shown = difference(actual, read_png(reference))
    if share > MAX_DIFFERING:
        saved = write_png(actual, FAILED / f"{name}.actual.png")
        diff = write_png(shown, FAILED / f"{name}.diff.png")
        pytest.fail(
            f"{name}: {share:.2%} of the pixels differ from {reference.name} "
            f"(at most {MAX_DIFFERING:.2%}); see {saved} and {diff}; "
            "if the change is intended: UPDATE_IMAGES=1 .venv/bin/pytest " + __file__
        )


# --- the comparison itself fails for what matters and passes noise -------------------------


@pytest.fixture(scope="module")
def page(pdfs) -> Image:
    return render_page(pdfs["pack"], 5, DPI)


def moved_down(image: Image, top: int, bottom: int, by: int) -> Image:
    """Return ``image`` with rows ``top``..``bottom`` moved down ``by`` rows (a moved table)."""
    rows = [image.row(y) for y in range(image.height)]
    block = rows[top:bottom]
    rows[top : top + by] = [b"\xff" * image.width] * by
    rows[top + by : bottom + by] = block
    return Image(image.width, image.height, b"".join(rows[: image.height]))


def ink_rows(image: Image) -> list[int]:
    return [y for y in range(image.height) if min(image.row(y)) < 128]


def test_same_page_does_not_differ(page):
    assert difference(page, page)[0] == 0


def test_anti_aliasing_noise_is_tolerated(page):
    noisy = bytes(max(0, min(255, p + (7 if i % 3 else -7))) for i, p in enumerate(page.pixels))
    assert difference(Image(page.width, page.height, noisy), page)[0] <= MAX_DIFFERING


def test_a_table_moved_by_a_few_points_fails(page):
    rows = ink_rows(page)
    moved = moved_down(page, rows[len(rows) // 3], rows[2 * len(rows) // 3], 3)
    assert difference(moved, page)[0] > MAX_DIFFERING


def test_a_lost_line_of_text_fails(page):
    top = ink_rows(page)[0]
    rows = [page.row(y) for y in range(page.height)]
    for y in range(top, top + 8):  # one line of 16 pt text is about 7 rows at 30 dpi
        rows[y] = b"\xff" * page.width
    assert difference(Image(page.width, page.height, b"".join(rows)), page)[0] > MAX_DIFFERING


def test_png_round_trip(page, tmp_path):
    assert read_png(write_png(page, tmp_path / "page.png")) == page
