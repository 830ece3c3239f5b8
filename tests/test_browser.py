"""The HTML report in a real browser: headless Chromium (Debian's chromium + chromium-driver) via Selenium.

Skipped only when no Chromium or no chromedriver is installed; `make test` installs them with
apt-get when it can (root, apt-get present)."""

from __future__ import annotations

import base64
import shutil

import pytest
from conftest import SAMPLES

from aidextract.report import FIELDS, choose, from_inputs, marks, render_html

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (BROWSER and DRIVER),
    reason="no headless browser: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
)

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1280,2000")


@pytest.fixture(scope="module")
def samples():
    return list(from_inputs([str(SAMPLES)]))


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    browser = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def opened(driver, samples, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(samples), encoding="utf-8")
    driver.get(path.as_uri())
    return driver


SPANS = """
return Array.from(document.querySelectorAll('div.text')).map(div => ({
  text: div.textContent,
  spans: Array.from(div.querySelectorAll('[data-kind]')).map(s => ({
    kind: s.dataset.kind, index: +s.dataset.index, start: +s.dataset.start, end: +s.dataset.end,
    text: s.textContent, title: s.title, visible: s.getClientRects().length > 0,
    background: getComputedStyle(s).backgroundColor, border: getComputedStyle(s).borderBottomColor,
  })),
}));
"""


def test_every_emitted_span_is_in_the_page_with_its_text(opened, samples):
    articles = opened.execute_script(SPANS)
    assert len(articles) == len(samples)
    emitted = 0
    for shown, found in zip(samples, articles):
        record, text = shown.record, shown.text
        chosen = choose(marks(record, text))
        emitted += len(chosen)
        assert found["text"] == text
        assert len(found["spans"]) == len(chosen)
        assert sorted((s["kind"], s["index"]) for s in found["spans"]) == sorted((m.kind, m.index) for m in chosen)
        for span in found["spans"]:
            value = getattr(record, FIELDS[span["kind"]])[span["index"]]
            assert (span["start"], span["end"]) == (value.start, value.end)
            assert span["text"] == value.text == text[span["start"]:span["end"]]
            assert span["visible"] and span["title"]
    assert emitted == len(opened.find_elements("css selector", "div.text [data-kind]")) > 100


def test_tooltips_carry_the_canonical_names(opened, samples):
    articles = opened.execute_script(SPANS)
    items = 0
    for shown, found in zip(samples, articles):
        for span in found["spans"]:
            if span["kind"] == "item":
                items += 1
                assert span["title"].startswith(f"Item: {shown.record.items[span['index']].name} · ")
    assert items > 20
    titles = [span["title"] for article in articles for span in article["spans"]]
    assert "Country: Germany (DE)" in titles
    element = opened.find_element("css selector", "div.text [data-kind='item'][title^='Item: IRIS-T SLM']")
    assert element.is_displayed()


def test_kinds_have_distinct_colours_and_the_page_loads_nothing(opened):
    colours = {}
    for article in opened.execute_script(SPANS):
        for span in article["spans"]:
            colours.setdefault(span["kind"], set()).add(span["border"])
    assert set(colours) == {"amount", "item", "date", "relative_date", "entity"}
    firsts = [sorted(c)[0] for c in colours.values()]
    assert len(set(firsts)) == len(firsts)
    assert opened.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert opened.find_element("id", "packages").is_displayed()
    assert opened.find_element("css selector", "ul.legend").is_displayed()


def test_print_layout(opened):
    opened.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert opened.execute_script("return getComputedStyle(document.querySelector('div.text')).borderTopStyle") == "none"
        assert opened.execute_script(
            "return getComputedStyle(document.querySelector('article.card')).breakBefore") == "page"
    finally:
        opened.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(opened.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
