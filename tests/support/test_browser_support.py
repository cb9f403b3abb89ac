"""The browser helpers on small pages: axe-core can pass and fail, requests are seen, DOM reacts."""

import base64
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from support import browser
from support.browser import (
    axe_version,
    axe_violations,
    describe_violations,
    network_requests,
    open_browser,
    open_page,
    screenshot,
    set_viewport,
)

pytestmark = pytest.mark.browser


def png(width: int = 1, height: int = 1) -> bytes:
    """Return a white `width` x `height` PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = (b"\0" + b"\xff" * width) * height
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        [chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(rows)), chunk(b"IEND", b"")]
    )


PIXEL = png()
PIXEL_URL = "data:image/png;base64," + base64.b64encode(PIXEL).decode()

ACCESSIBLE = """<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>第 3 次工作會議</title>
<style>
  body { font: 16px/1.5 sans-serif; color: #1a1a1a; background: #fff; margin: 1rem; }
  a { color: #0645ad; }
  .cases { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
  #tall { height: 2400px; }
</style>
</head>
<body>
<header><h1>第 3 次工作會議</h1></header>
<main>
  <p>會議資料與修正意見表。<a href="#cases">跳到案件</a></p>
  <img alt="示意圖" src="PIXEL_URL">
  <label for="q">搜尋案件</label>
  <input id="q" type="search" autocomplete="off">
  <button type="button" id="add">加入</button>
  <ul id="cases" class="cases">
    <li>甲案：採購程序</li>
    <li>乙案：人事規定</li>
  </ul>
  <div id="tall"></div>
</main>
<script>
  const q = document.getElementById("q"), cases = document.getElementById("cases");
  q.addEventListener("input", () => {
    for (const li of cases.children) li.hidden = !li.textContent.includes(q.value);
  });
  document.getElementById("add").addEventListener("click", () => {
    const li = document.createElement("li");
    li.textContent = q.value;
    cases.append(li);
  });
</script>
</body>
</html>
""".replace("PIXEL_URL", PIXEL_URL)

INACCESSIBLE = """<!doctype html>
<html>
<head><meta charset="utf-8"></head>
<body>
<section id="fine"><h2>可讀的段落</h2><p>這段文字的對比足夠。</p></section>
<img src="PIXEL_URL">
<p style="color: #c8c8c8; background: #ffffff">淺灰色的字幾乎看不見。</p>
</body>
</html>
""".replace("PIXEL_URL", PIXEL_URL)


def write(folder: Path, html: str, name: str = "page.html") -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """One browser for the whole module: starting Chromium costs about a second."""
    with open_browser(1280, 800) as driver:
        yield driver


@pytest.fixture(autouse=True)
def desktop(request) -> None:
    """Give each browser test a 1280 x 800 viewport, whatever the previous one set."""
    if "driver" in request.fixturenames:
        set_viewport(request.getfixturevalue("driver"), 1280, 800)


@pytest.fixture
def listener() -> Iterator[ThreadingHTTPServer]:
    """Serve a PNG for every GET on loopback; the server's `.paths` lists the paths asked for."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.server.paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PIXEL)))
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, format, *args) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("width", [390, 1280])
def test_accessible_page_has_no_violations(driver, tmp_path, width):
    set_viewport(driver, width, 800)
    open_page(driver, write(tmp_path, ACCESSIBLE))
    assert driver.execute_script("return innerWidth") == width
    violations = axe_violations(driver)
    assert violations == [], describe_violations(violations)


def test_axe_core_is_a_recent_version(driver, tmp_path):
    open_page(driver, write(tmp_path, ACCESSIBLE))
    major, minor = map(int, axe_version(driver).split(".")[:2])
    assert (major, minor) >= (4, 9)


def test_inaccessible_page_has_violations(driver, tmp_path):
    open_page(driver, write(tmp_path, INACCESSIBLE))
    violations = axe_violations(driver)
    rules = {violation["id"] for violation in violations}
    assert {"image-alt", "color-contrast", "html-has-lang", "document-title"} <= rules
    report = describe_violations(violations)
    assert "image-alt" in report
    assert "<img" in report


def test_axe_context_limits_the_check(driver, tmp_path):
    open_page(driver, write(tmp_path, INACCESSIBLE))
    assert axe_violations(driver, "#fine") == []
    assert [violation["id"] for violation in axe_violations(driver, "img")] == ["image-alt"]
    outside = axe_violations(driver, {"exclude": ["img"]})
    assert "image-alt" not in {violation["id"] for violation in outside}
    assert "color-contrast" in {violation["id"] for violation in outside}


def test_external_request_is_seen(driver, tmp_path, listener):
    url = f"http://127.0.0.1:{listener.server_port}/x.png"
    page = ACCESSIBLE.replace('<ul id="cases"', f'<img alt="外部圖" src="{url}">\n<ul id="cases"')
    open_page(driver, write(tmp_path, page))
    assert network_requests(driver) == [url]
    assert listener.paths == ["/x.png"]
    assert driver.execute_script("return document.images[1].naturalWidth") == 1


def test_local_file_request_is_seen(driver, tmp_path):
    (tmp_path / "style.css").write_text("body { color: #000; }", encoding="utf-8")
    page = ACCESSIBLE.replace("</head>", '<link rel="stylesheet" href="style.css">\n</head>')
    open_page(driver, write(tmp_path, page))
    assert network_requests(driver) == [(tmp_path / "style.css").as_uri()]


def test_self_contained_page_makes_no_request(driver, tmp_path):
    open_page(driver, write(tmp_path, ACCESSIBLE))
    driver.find_element(By.ID, "q").send_keys("甲")
    axe_violations(driver)
    screenshot(driver, tmp_path / "page.png")
    assert network_requests(driver) == []


def test_click_and_typing_change_the_dom(driver, tmp_path):
    open_page(driver, write(tmp_path, ACCESSIBLE))
    items = driver.find_elements(By.CSS_SELECTOR, "#cases li")
    driver.find_element(By.ID, "q").send_keys("乙案")
    assert [item.is_displayed() for item in items] == [False, True]
    driver.find_element(By.ID, "add").click()
    items = driver.find_elements(By.CSS_SELECTOR, "#cases li")
    texts = [item.get_attribute("textContent") for item in items]
    assert texts == ["甲案：採購程序", "乙案：人事規定", "乙案"]


def test_screenshot_is_a_full_page_png(driver, tmp_path):
    set_viewport(driver, 390, 800)
    open_page(driver, write(tmp_path, ACCESSIBLE))
    path = screenshot(driver, tmp_path / "page.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 390
    assert height > 2400  # the whole page, not the 800 px viewport


@pytest.mark.parametrize("missing", ["CHROMIUM", "CHROMEDRIVER"])
def test_missing_browser_skips(monkeypatch, tmp_path, missing):
    monkeypatch.setattr(browser, missing, tmp_path / "absent")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent not found"), open_browser():
        pass


@pytest.mark.parametrize("missing", ["CHROMIUM", "CHROMEDRIVER"])
def test_missing_browser_fails_under_ci(monkeypatch, tmp_path, missing):
    monkeypatch.setattr(browser, missing, tmp_path / "absent")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"), open_browser():
        pass
