"""Check static HTML pages in a real headless Chromium (Debian's chromium and chromium-driver).

A page is opened from a file with `open_page`, checked for accessibility by axe-core running
inside the browser (`axe_violations`), and for network use with `network_requests`, which lists
every request the page made, read from Chromium's own log (CDP ``Network.requestWillBeSent``).

A missing browser or driver skips the test, except under CI=true, where it fails: CI must have
every tool (scripts/system-deps.sh installs them), and a skip there would hide a missing step.

Typical use, one browser per test module (a start takes about a second)::

    @pytest.fixture(scope="module")
    def driver():
        with open_browser(1280, 800) as driver:
            yield driver

    def test_page(driver, tmp_path):
        open_page(driver, page)
        assert not (violations := axe_violations(driver)), describe_violations(violations)
        assert network_requests(driver) == []
"""

import base64
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

# --no-sandbox: Chromium refuses to start as root (tests and CI run as root) with its sandbox.
# --disable-dev-shm-usage: a container's /dev/shm can be too small for Chromium (Debian's
# launcher only adds it after measuring /dev/shm, and its measurement breaks on some mounts).
# The rest keep the browser from talking to anything but the page under test.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
)

# WCAG 2.0 and 2.1, levels A and AA: what a public page is held to. axe-core's "best-practice"
# rules (landmarks, one <h1>, ...) are advice rather than failures; pass
# tags=(*AXE_TAGS, "best-practice") to check them too.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# axe-core as shipped in the selenium-axe-python wheel (a pinned test dependency).
AXE_SCRIPT = resources.files("selenium_axe_python") / "axe-core" / "axe.min.js"

_RUN_AXE = """
const [context, options, done] = arguments;
axe.run(context === null ? document : context, options).then(
    (results) => done({violations: results.violations}),
    (error) => done({error: String(error && error.stack || error)}),
);
"""

_PAGE_SIZE = """
const root = document.documentElement, body = document.body || root;
return [Math.max(root.scrollWidth, body.scrollWidth, window.innerWidth),
        Math.max(root.scrollHeight, body.scrollHeight, window.innerHeight)];
"""


def missing_tool(message: str) -> NoReturn:
    """Skip the running test for want of a tool; fail it instead when CI is "true"."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: every tool must be installed)")
    pytest.skip(message)


def _require(path: Path, package: str) -> None:
    """Skip (or fail under CI=true) the running test unless `path` is an executable."""
    if not os.access(path, os.X_OK):
        missing_tool(f"{path} not found: apt-get install {package} (scripts/system-deps.sh)")


@contextmanager
def open_browser(width: int = 1280, height: int = 800) -> Iterator[WebDriver]:
    """Start headless Chromium with a fresh profile and a `width` x `height` CSS px viewport.

    Performance logging is on, so `network_requests` can read what the page asked for.
    The browser is closed and its profile deleted on leaving the ``with`` block.
    """
    _require(CHROMIUM, "chromium")
    _require(CHROMEDRIVER, "chromium-driver")
    with tempfile.TemporaryDirectory(prefix="docgen-chromium-", ignore_cleanup_errors=True) as d:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (*FLAGS, f"--user-data-dir={d}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True})
        service = Service(str(CHROMEDRIVER), log_output=subprocess.DEVNULL)
        driver = webdriver.Chrome(options=options, service=service)
        try:
            set_viewport(driver, width, height)
            yield driver
        finally:
            driver.quit()


def set_viewport(driver: WebDriver, width: int, height: int) -> None:
    """Make the viewport exactly `width` x `height` CSS px at device pixel ratio 1.

    A window size alone will not do: headless Chromium keeps windows at least 500 px wide and
    takes the window's frame off the height. The override lasts across page loads.
    """
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def open_page(driver: WebDriver, page: Path) -> None:
    """Load the HTML file `page` and wait for its load event.

    Requests logged before the load are dropped first, so `network_requests` afterwards
    tells what this page asked for.
    """
    driver.get_log("performance")
    driver.get(page.resolve().as_uri())


def network_requests(driver: WebDriver) -> list[str]:
    """Return the URL of each request the page made since the last call (or `open_page`).

    Read from Chromium's log (``Network.requestWillBeSent``), so a request counts even when it
    fails. The page's own URL and ``data:`` URLs are left out; any other URL, ``file:`` ones
    included, is listed. Scripts run by the test (`axe_violations`) make no requests.
    """
    page = driver.current_url.partition("#")[0]
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if not url.startswith("data:") and url.partition("#")[0] != page:
            urls.append(url)
    return urls


def _inject_axe(driver: WebDriver) -> None:
    """Load axe-core into the current page unless it is there already."""
    if not driver.execute_script("return typeof window.axe?.run === 'function'"):
        driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))


def axe_violations(
    driver: WebDriver, context: str | dict[str, Any] | None = None, tags: Sequence[str] = AXE_TAGS
) -> list[dict[str, Any]]:
    """Run axe-core on the current page (or `context`) and return its violations.

    `context` is an axe context: a CSS selector or ``{"include": [...], "exclude": [...]}``.
    Only the rules tagged with one of `tags` run (WCAG 2.0/2.1 A and AA by default).
    axe-core is injected with ``execute_script``, which makes no network request.
    """
    _inject_axe(driver)
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = driver.execute_async_script(_RUN_AXE, context, options)
    if "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    return result["violations"]


def axe_version(driver: WebDriver) -> str:
    """Return the version of axe-core `axe_violations` injects into the current page."""
    _inject_axe(driver)
    return driver.execute_script("return axe.version")


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return axe `violations` as readable lines: rule, impact, help and offending elements."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:120]}" for node in violation["nodes"])
    return "\n".join(lines)


def screenshot(driver: WebDriver, path: Path) -> Path:
    """Save the whole page, not just the viewport, as the PNG `path` and return `path`."""
    width, height = driver.execute_script(_PAGE_SIZE)
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
