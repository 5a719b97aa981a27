"""The Products workspace in a real browser: an imported product can be found by its title."""

import os
import pathlib
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
TIMEOUT = float(os.environ.get("CROSSDOCK_UI_TIMEOUT", "300"))


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100"):
        options.add_argument(argument)
    # The system driver is given explicitly, so Selenium never tries to download one.
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def screenshot(browser, name):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / name))


def rendered(text):
    """Text as the browser renders it: runs of whitespace collapse and the ends are trimmed."""
    return " ".join(text.split())


def wait_for_imported_product(browser, hub_url):
    browser.get(hub_url + "/products")
    deadline = time.monotonic() + TIMEOUT
    while not browser.find_elements(By.CSS_SELECTOR, "#products tr.product"):
        if time.monotonic() > deadline:
            screenshot(browser, "products-timeout.png")
            pytest.fail(f"No product appeared on {hub_url}/products within {TIMEOUT:.0f} s (CROSSDOCK_UI_TIMEOUT).")
        time.sleep(2)
        browser.refresh()


def title_to_search(api, hub_url):
    """A sellable product's title, preferring one with markup characters so escaping is checked too."""
    for search in ("&", "<", ""):
        page = api.get(hub_url + "/api/v1/products", params={"search": search, "per_page": 50}, timeout=30)
        assert page.status_code == 200, page.text
        titles = [p["title"] for p in page.json()["data"] if rendered(p["title"]) and not p["is_parent"]]
        if titles:
            return titles[0]
    pytest.fail("The Products page lists products, but /api/v1/products returned none with a title.")


def test_imported_product_is_found_by_its_title(browser, api, hub_url):
    wait_for_imported_product(browser, hub_url)
    title = title_to_search(api, hub_url)

    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(title)
    box.submit()

    def row_with_title(driver):
        cells = driver.find_elements(By.CSS_SELECTOR, "#products tr.product td.title")
        return next((cell for cell in cells if cell.text == rendered(title)), None)

    row = WebDriverWait(browser, 30).until(row_with_title, f"no row titled {title!r} after searching for it")
    assert row.is_displayed()
    assert browser.find_element(By.ID, "import-progress").tag_name == "progress"
    screenshot(browser, "products.png")


@pytest.mark.parametrize(
    ("path", "heading", "artifact"),
    [("/orders", "Orders", "orders.png"), ("/settings/integrations", "Settings → Integrations", "integrations.png")],
)
def test_workspace_renders_with_navigation(browser, hub_url, path, heading, artifact):
    browser.get(hub_url + path)
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    links = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "header nav a")]
    assert links == ["Products", "Orders", "Settings → Integrations"]
    screenshot(browser, artifact)
