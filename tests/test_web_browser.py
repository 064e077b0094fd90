"""The whole office flow in headless Chromium (Debian's chromium and chromedriver; nothing is downloaded).

Upload a report, fill two figures, make the draft and download it, compare two years, look at the trend.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from reportgen.web.server import Background, start_in_thread

from .browser_support import CHROMEDRIVER, CHROMIUM, chromium_options, start_chromium
from .web_support import REPORT_2024, web_config

pytestmark = pytest.mark.browser


def chromium(downloads: Path) -> WebDriver:
    """Headless Debian chromium that saves downloads to ``downloads`` without asking."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        # Never skipped: CI installs them, and a browser test that silently does not run proves nothing.
        pytest.fail("browser tests need Debian's chromium and chromium-driver; run scripts/install-system-deps.sh")
    options = chromium_options("--window-size=1280,1000", "--lang=zh-CN")
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = start_chromium(options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(120)
    return driver


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Background]:
    running = start_in_thread(web_config(tmp_path))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = chromium(downloads)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: WebDriver, element_id: str, timeout: float = 120) -> str:
    element = WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((By.ID, element_id)))
    return str(element.text)


def downloaded(folder: Path, suffix: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_upload_fill_draft_download_and_compare(server: Background, browser: WebDriver, tmp_path: Path) -> None:
    url = server.url.rstrip("/")
    upload = tmp_path / "钟楼区2024年报告.txt"
    shutil.copy(REPORT_2024, upload)

    # 往年报告: upload the 2024 report.
    browser.get(f"{url}/history")
    assert "往年报告" in browser.title
    browser.find_element(By.ID, "report-file").send_keys(str(upload))
    browser.find_element(By.ID, "report-year").send_keys("2024")
    browser.find_element(By.ID, "report-submit").click()
    stored = wait_for(browser, "stored")
    assert "已存入历史库" in stored and "2024" in stored
    browser.find_element(By.LINK_TEXT, "2024").click()
    assert "问题和不足" in browser.page_source

    # 填报数据: the 2025 sheet; a bad value first, then two good figures.
    browser.find_element(By.LINK_TEXT, "填报数据").click()
    assert "填报 2025 年数据" in browser.find_element(By.TAG_NAME, "h1").text
    cells = browser.find_elements(By.CSS_SELECTOR, "input[name^='value:']")
    assert len(cells) > 20
    first, second = cells[0].get_attribute("data-id"), cells[1].get_attribute("data-id")
    cells[0].send_keys("-3")
    cells[1].send_keys("十二")
    browser.find_element(By.ID, "figures-submit").click()
    problems = wait_for(browser, "problems")
    assert "有 2 处填写有误" in problems
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.bad")) == 2
    for figure_id, value in ((first, "12"), (second, "36")):
        cell = browser.find_element(By.CSS_SELECTOR, f"input[data-id='{figure_id}']")
        cell.clear()
        cell.send_keys(value)
    browser.find_element(By.ID, "figures-submit").click()
    assert "2 个数字已填写" in wait_for(browser, "saved")

    # 生成初稿: make it, see the places to check, download the DOCX.
    browser.find_element(By.LINK_TEXT, "生成初稿").click()
    assert "将使用已保存的 2025 年填报数据" in browser.page_source
    browser.find_element(By.ID, "draft-submit").click()
    result = wait_for(browser, "draft-result")
    assert "数字已更新 2 个" in result and "需要核对的地方" in result
    browser.find_element(By.ID, "download-docx").click()
    docx = downloaded(tmp_path / "downloads", ".docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "2025年" in text and "【待核】" in text

    # 年度对比: 2023 against 2024.
    browser.find_element(By.LINK_TEXT, "年度对比").click()
    browser.find_element(By.CSS_SELECTOR, "#old-year option[value='2023']").click()
    browser.find_element(By.CSS_SELECTOR, "#new-year option[value='2024']").click()
    browser.find_element(By.ID, "compare-submit").click()
    compared = wait_for(browser, "compare-result")
    assert "2023 → 2024" in compared
    browser.switch_to.frame(browser.find_element(By.ID, "diff-frame"))
    assert "年度报告对比" in browser.find_element(By.TAG_NAME, "h1").text
    assert "2023" in browser.find_element(By.TAG_NAME, "body").text
    browser.switch_to.default_content()
    browser.find_element(By.ID, "download-redline").click()
    assert downloaded(tmp_path / "downloads", ".docx").exists()

    # 趋势: the table and the charts in their frame.
    browser.find_element(By.LINK_TEXT, "趋势").click()
    browser.switch_to.frame(browser.find_element(By.ID, "trend-frame"))
    assert browser.find_elements(By.TAG_NAME, "table")
    assert browser.find_elements(By.TAG_NAME, "svg")
