"""`searchidx serve` in a real headless Chromium (Debian's package, driven by Selenium): what a reader does.

Each step's screenshot goes to out/browser-screenshots/ (or $SEARCHIDX_SCREENSHOTS) for a person to look at.
bin/test installs chromium and chromium-driver when it can; without them these tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from webserver import Server, build_site

pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

from selenium.common.exceptions import NoAlertPresentException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000")
SHOTS = Path(os.environ.get("SEARCHIDX_SCREENSHOTS") or Path(__file__).parent.parent / "out" / "browser-screenshots")

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver; "
                "bin/test does it when run as root)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index, _, queries = build_site(tmp_path_factory.mktemp("browser"))
    srv = Server(index, queries)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="searchidx-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    except WebDriverException as e:
        pytest.skip(f"Chromium does not start here: {e.msg}")
    driver.implicitly_wait(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def total(driver) -> int:
    return int(driver.find_element(By.ID, "total").get_attribute("data-total"))


def wait_for_page(driver, old_url: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: d.current_url != old_url and
                                    d.execute_script("return document.readyState") == "complete")


def click(driver, element) -> None:
    before = driver.current_url
    element.click()
    wait_for_page(driver, before)


def test_search_facets_exclude_page_article_name(server, browser):
    d = browser
    d.get(server.base + "/")
    box = d.find_element(By.ID, "q")
    assert d.find_element(By.CSS_SELECTOR, "label[for=q]").text  # labelled for screen readers
    box.send_keys("referendum OR kyiv")
    before = d.current_url
    box.send_keys(Keys.ENTER)
    wait_for_page(d, before)
    shot(d, "01-typed-query")
    everything = total(d)
    assert everything > 4 and "q=referendum+OR+kyiv" in d.current_url

    click(d, d.find_element(By.CSS_SELECTOR, "aside.facets a.include[title*='Ukraine']"))
    shot(d, "02-facet-clicked")
    narrowed = total(d)
    assert narrowed < everything and "place=Ukraine" in d.current_url
    assert d.find_element(By.CSS_SELECTOR, "ul.chips li.include").text.startswith("place: Ukraine")

    click(d, d.find_element(By.CSS_SELECTOR, "a.exclude[aria-label='Exclude person Vladimir Putin']"))
    shot(d, "03-excluded")
    assert total(d) < narrowed and "not_person=Vladimir+Putin" in d.current_url
    chip = d.find_element(By.CSS_SELECTOR, "ul.chips li.exclude")
    assert "not person: Vladimir Putin" in chip.text
    click(d, chip.find_element(By.TAG_NAME, "a"))  # the chip's remove control
    click(d, d.find_element(By.CSS_SELECTOR, "ul.chips li.include a"))
    assert total(d) == everything

    d.get(server.base + "/?limit=5")
    first_page = [a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.hits a.title")]
    click(d, d.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]"))
    shot(d, "04-page-2")
    assert "page=2" in d.current_url
    second_page = [a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.hits a.title")]
    assert second_page and second_page != first_page
    assert d.find_element(By.CSS_SELECTOR, "nav.pager [aria-current=page]").text == "2"

    d.get(server.base + "/?q=mobilisation")
    click(d, d.find_element(By.CSS_SELECTOR, "ol.hits a.title"))
    shot(d, "05-article")
    assert "/article/" in d.current_url
    assert d.find_element(By.TAG_NAME, "h1").text == "Putin announces partial mobilisation"
    name = d.find_element(By.CSS_SELECTOR, ".text a.entity.person")
    click(d, name)
    shot(d, "06-followed-a-name")
    assert "person=Vladimir+Putin" in d.current_url and total(d) >= 1
    titles = [a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.hits a.title")]
    assert "Putin announces partial mobilisation" in titles


def test_sort_control_and_date_chart_narrow(server, browser):
    d = browser
    d.get(server.base + "/?q=referendum")
    select = d.find_element(By.ID, "sort")
    before = d.current_url
    select.find_element(By.CSS_SELECTOR, "option[value=oldest]").click()  # the script submits on change
    wait_for_page(d, before)
    assert "sort=oldest" in d.current_url
    bar = d.find_element(By.CSS_SELECTOR, "svg.histogram a.bar-link")
    period = bar.get_attribute("data-period")
    click(d, bar)
    shot(d, "07-date-bar")
    # a bar: the articles it counted (year=, month=, day=; since/until would keep coarser dates too)
    assert f"{ {4: 'year', 7: 'month', 10: 'day'}[len(period)]}={period}" in d.current_url

    from selenium.webdriver.common.action_chains import ActionChains

    d.get(server.base + "/")  # every article: one bar a year, 1987 to 2022
    everything = total(d)
    bars = d.find_elements(By.CSS_SELECTOR, "svg.histogram a.bar-link")
    periods = [b.get_attribute("data-period") for b in bars]
    counted = sum(int(b.get_attribute("textContent").split(": ")[1].split()[0]) for b in bars[-3:])
    before = d.current_url
    ActionChains(d).click_and_hold(bars[-3]).move_to_element(bars[-1]).release().perform()  # a drag: a range
    wait_for_page(d, before)
    shot(d, "08-date-range-dragged")
    assert f"year={periods[-3]}..{periods[-1]}" in d.current_url
    assert total(d) == counted < everything  # what the three bars counted


def test_run_a_saved_query(server, browser):
    d = browser
    d.get(server.base + "/saved")
    field = d.find_element(By.ID, "sq-1-since")
    field.clear()
    field.send_keys("2022-09-21")
    click(d, d.find_element(By.XPATH, "//button[text()='Run referendums']"))
    shot(d, "09-saved-query-run")
    assert "/saved/referendums" in d.current_url and "p.since=2022-09-21" in d.current_url
    assert total(d) >= 1
    assert all(a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.hits a.title"))


def test_hostile_article_runs_nothing(server, browser):
    d = browser
    d.get(server.base + "/?q=hostile")
    shot(d, "10-hostile-in-results")
    assert "<script>" in d.find_element(By.CSS_SELECTOR, "ol.hits a.title").text  # shown as text
    click(d, d.find_element(By.CSS_SELECTOR, "ol.hits a.title"))
    shot(d, "11-hostile-article")
    assert d.execute_script("return window.pwned === undefined")
    assert d.title.startswith("<script>")  # the title element holds the article's title as text
    with pytest.raises(NoAlertPresentException):
        d.switch_to.alert.text  # noqa: B018
    assert "<script>" in d.find_element(By.TAG_NAME, "h1").text
    assert "<script>" in d.find_element(By.CSS_SELECTOR, ".text").text
    assert not d.find_elements(By.CSS_SELECTOR, "main img, main iframe, main script")
    assert not d.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']")
    d.get(server.base + "/article/" + quote("hostile.txt", safe=""))
    assert d.execute_script("return window.pwned === undefined")


def test_network_view_from_a_search_and_a_name_in_it(server, browser):
    d = browser
    d.get(server.base + "/?q=referendum")
    everything = total(d)
    click(d, d.find_element(By.CSS_SELECTOR, "header nav a[href^='/network']"))
    shot(d, "12-network")
    assert "/network?q=referendum" in d.current_url
    nodes = d.find_elements(By.CSS_SELECTOR, "svg.network a.node-link")
    names = [r.text for r in d.find_elements(By.CSS_SELECTOR, "table.nodes tbody th a")]
    assert len(nodes) == len(names) >= 2
    field = d.find_element(By.ID, "top")  # --top as a form field
    field.clear()
    field.send_keys("5")
    before = d.current_url
    field.send_keys(Keys.ENTER)
    wait_for_page(d, before)
    fewer = d.find_elements(By.CSS_SELECTOR, "table.nodes tbody th a")
    assert "top=5" in d.current_url and "q=referendum" in d.current_url and len(fewer) == 5 < len(names)
    node = d.find_element(By.CSS_SELECTOR, "svg.network a.node-link")
    name = node.find_element(By.TAG_NAME, "title").get_attribute("textContent").split(" (")[0]
    click(d, node)  # a dot is a link to the search for its name, within this search
    shot(d, "13-network-name-followed")
    assert d.current_url.startswith(server.base + "/?q=referendum&") and "top=" not in d.current_url
    assert total(d) <= everything and name in d.find_element(By.CSS_SELECTOR, "ul.chips li.include").text
