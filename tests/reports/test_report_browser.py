"""Every page of a real site in headless Chromium, over file:// and over HTTP.

The site is built from a simulated warehouse in which the busiest customer is named
``<script>alert(1)</script>`` and the busiest feature ``"><img src=x onerror=alert(1)>``. Each
page must load with no console error, no page error, no failed request and no dialog; every
chart canvas must have drawn pixels; the hostile names must show as text; a phone-width page
must not scroll sideways. Screenshots of every page at desktop and phone width are written to
``$FINOPS_SCREENSHOTS_DIR`` (default: a temporary folder, printed) for review.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, serve
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Response, sync_playwright
from site_builder import ATTRIBUTE_PAYLOAD, SCRIPT_PAYLOAD, BuiltSite

pytestmark = pytest.mark.slow

# canvas pixels with any opacity, per chart; 0 means Chart.js drew nothing
COUNT_DRAWN_PIXELS = """
() => Array.from(document.querySelectorAll('canvas')).map((c) => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { drawn += 1; } }
  return { figure: c.closest('figure') ? c.closest('figure').id : '', width: c.width, drawn: drawn };
})
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing: install Debian's chromium (scripts/install.d apt step)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("FINOPS_SCREENSHOTS_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of every page: {folder}")
    return folder


def _pages(site: Path) -> list[str]:
    return sorted(p.name for p in site.glob("*.html"))


class Visit:
    """What happened while one page loaded: console errors, failures, dialogs."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"dialog fired: {dialog.type} {dialog.message!r}")
        dialog.dismiss()


def _check_page(browser: Browser, url: str, name: str) -> list[str]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    visit = Visit(page)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)
    problems = [f"{name}: {p}" for p in visit.problems]
    for canvas in page.evaluate(COUNT_DRAWN_PIXELS):
        if canvas["width"] == 0 or canvas["drawn"] == 0:
            problems.append(f"{name}: chart {canvas['figure']} drew nothing ({canvas})")
    if page.locator('img[src="x"]').count():
        problems.append(f"{name}: the hostile <img> became an element")
    scripts = page.evaluate("() => Array.from(document.scripts).map((s) => s.src || s.type)")
    for src in scripts:
        if not (src.endswith((".js", "application/json"))):
            problems.append(f"{name}: unexpected script element {src!r}")
    context.close()
    return problems


# pages of the analyses whose marts are committed; others appear as their marts land
COMMITTED_PAGES = (
    "index.html",
    "dataset_overview.html",
    "understanding.html",
    "profitability.html",
    "token_economics.html",
    "pricing.html",
    "features.html",
    "alignment.html",
    "abuse_detection.html",
    "agents.html",
)


def test_the_pages_of_committed_analyses_are_built(hostile_site: BuiltSite) -> None:
    missing = [name for name in COMMITTED_PAGES if not (hostile_site.site / name).exists()]
    assert not missing, f"pages not built: {missing}; dbt failures: {hostile_site.dbt_failures}"


def test_every_page_loads_cleanly_over_file_url(browser: Browser, hostile_site: BuiltSite) -> None:
    names = _pages(hostile_site.site)
    assert "index.html" in names and len(names) >= 4, names
    problems = [p for n in names for p in _check_page(browser, (hostile_site.site / n).as_uri(), n)]
    assert not problems, "\n".join(problems)


def test_every_page_loads_cleanly_over_http(browser: Browser, hostile_site: BuiltSite) -> None:
    with serve(hostile_site.site) as base:
        problems = [p for n in _pages(hostile_site.site) for p in _check_page(browser, base + n, n)]
    assert not problems, "\n".join(problems)


def test_hostile_names_show_as_text(browser: Browser, hostile_site: BuiltSite) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    visit = Visit(page)
    shown: dict[str, set[str]] = {}
    for name in _pages(hostile_site.site):
        page.goto((hostile_site.site / name).as_uri(), wait_until="load")
        text = page.evaluate("() => document.body.innerText")
        shown[name] = {p for p in (SCRIPT_PAYLOAD, ATTRIBUTE_PAYLOAD) if p in text}
    context.close()
    assert not visit.problems, visit.problems
    # the busiest customer is rank 1 of the understanding page's top customers; the busiest
    # feature is in its feature table and in the dataset overview's distributions
    assert shown["understanding.html"] == {SCRIPT_PAYLOAD, ATTRIBUTE_PAYLOAD}
    assert ATTRIBUTE_PAYLOAD in shown["dataset_overview.html"]


def test_sorting_a_column_reorders_the_rows(browser: Browser, hostile_site: BuiltSite) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto((hostile_site.site / "understanding.html").as_uri(), wait_until="load")
    table = page.locator("table.sortable", has=page.locator("caption", has_text="Models by cost"))
    calls = table.locator("tbody tr td:nth-child(5)")

    def numbers() -> list[float]:
        return [float(v) for v in calls.evaluate_all("(cells) => cells.map((c) => c.dataset.sort)")]

    header = table.locator("thead th").nth(4)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert numbers() == sorted(numbers()) and len(numbers()) > 1
    header.locator("button").click()
    assert numbers() == sorted(numbers(), reverse=True)
    context.close()


def test_screenshots_at_desktop_and_phone_width(
    browser: Browser, hostile_site: BuiltSite, screenshots_dir: Path
) -> None:
    too_wide = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name in _pages(hostile_site.site):
            page.goto((hostile_site.site / name).as_uri(), wait_until="load")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name} at {label}: {width}px wide")
            shot = screenshots_dir / f"{Path(name).stem}-{label}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000, f"{shot} looks blank"
        context.close()
    assert not too_wide, too_wide
