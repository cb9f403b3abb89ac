"""The 專區 preview in a real headless Chromium: filter, search, axe and no request at all.

Checked at a phone's width (390 px) and a desktop's (1280 px).
"""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support.browser import (
    axe_violations,
    describe_violations,
    network_requests,
    open_browser,
    open_page,
    screenshot,
    set_viewport,
)

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from docgen.cli import i18n as cli_i18n
    from docgen.cli.main import cli

    cli_i18n.install()
    folder = tmp_path_factory.mktemp("preview")
    result = CliRunner().invoke(cli, ["publish", "-o", str(folder)], prog_name="docgen")
    assert result.exit_code == 0, result.stderr
    return folder / "專區" / "index.html"


@pytest.fixture(scope="module")
def driver():
    with open_browser(1280, 900) as browser:
        yield browser


def visible_titles(driver) -> list[str]:
    return [
        element.text
        for element in driver.find_elements(By.CSS_SELECTOR, "article.entry h3")
        if element.is_displayed()
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violation_and_no_request_at(width, driver, preview, tmp_path):
    set_viewport(driver, width, 900)
    open_page(driver, preview)
    violations = axe_violations(driver)
    assert not violations, describe_violations(violations)
    assert network_requests(driver) == []
    shot = screenshot(driver, tmp_path / f"專區_{width}.png")
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


def test_the_filter_shows_one_category(driver, preview):
    set_viewport(driver, 1280, 900)
    open_page(driver, preview)
    assert len(visible_titles(driver)) == 6
    Select(driver.find_element(By.ID, "category")).select_by_visible_text("差勤管理")
    assert visible_titles(driver) == ["虛偽刷卡或由他人代刷，虛增加班時數詐領加班費"]
    assert driver.find_element(By.ID, "status").text == "顯示 1 則，共 6 則"
    toc = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".toc li") if e.is_displayed()]
    assert toc == ["差勤管理（1 則）"]


def test_the_search_narrows_by_keyword_and_clearing_shows_all(driver, preview):
    set_viewport(driver, 390, 844)
    open_page(driver, preview)
    box = driver.find_element(By.ID, "keyword")
    box.send_keys("加油卡")
    assert visible_titles(driver) == ["公務車私用及公務加油卡挪為私人車輛加油"]
    box.clear()
    box.send_keys("沒有這個詞")
    assert visible_titles(driver) == []
    assert driver.find_element(By.ID, "status").text == "顯示 0 則，共 6 則"
    driver.find_element(By.ID, "clear").click()
    assert len(visible_titles(driver)) == 6
    assert network_requests(driver) == []
