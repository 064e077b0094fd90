#!/usr/bin/env python3
"""Screenshots of every page of `reportgen serve`, for a person to look at (output/screenshots/*.png).

Starts the server in this process on a private copy of the 2023 baseline plus the 2024 test report, then
drives Debian's headless chromium (nothing is downloaded) through the pages as an office would use them.

    .venv/bin/python scripts/web_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from reportgen.web.config import make_config
from reportgen.web.server import start_in_thread

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser set-up is shared with the browser tests
from tests.browser_support import chromium_options, start_chromium  # noqa: E402

REPORT_2024 = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"
WIDTH = 1280


def chromium() -> webdriver.Chrome:
    return start_chromium(chromium_options("--hide-scrollbars", f"--window-size={WIDTH},900"))


def shoot(driver: webdriver.Chrome, path: Path, max_height: int = 2400) -> None:
    """The whole page (up to ``max_height`` pixels tall) as a PNG."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, min(max(int(height) + 20, 600), max_height))
    driver.save_screenshot(str(path))
    driver.set_window_size(WIDTH, 900)
    print(f"wrote {path}")


def wait(driver: webdriver.Chrome, element_id: str) -> None:
    WebDriverWait(driver, 120).until(expected_conditions.presence_of_element_located((By.ID, element_id)))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "history"
        history.mkdir()
        for name in ("2023.yaml", "2023.txt"):
            shutil.copy(ROOT / "history" / name, history / name)
        server = start_in_thread(make_config(history, work=Path(folder), scratch_in=Path(folder)))
        driver = chromium()
        url = server.url.rstrip("/")
        try:
            driver.get(f"{url}/history")
            upload = Path(folder) / "钟楼区2024年报告.txt"
            shutil.copy(REPORT_2024, upload)
            driver.find_element(By.ID, "report-file").send_keys(str(upload))
            driver.find_element(By.ID, "report-year").send_keys("2024")
            driver.find_element(By.ID, "report-submit").click()
            wait(driver, "stored")
            shoot(driver, out / "1-history.png")

            driver.get(f"{url}/history/2024")
            shoot(driver, out / "2-report-2024.png")

            driver.get(f"{url}/figures")
            cells = driver.find_elements(By.CSS_SELECTOR, "input[name^='value:']")
            cells[0].send_keys("15")
            cells[1].send_keys("-2")
            cells[2].send_keys("十二")
            driver.find_element(By.ID, "figures-submit").click()
            wait(driver, "problems")
            shoot(driver, out / "3-figures-errors.png")

            for cell in driver.find_elements(By.CSS_SELECTOR, "tr.bad input[name^='value:']"):
                cell.clear()
            driver.find_elements(By.CSS_SELECTOR, "input[name^='value:']")[1].send_keys("36")
            driver.find_element(By.ID, "figures-submit").click()
            wait(driver, "saved")
            shoot(driver, out / "4-figures-saved.png")

            driver.get(f"{url}/draft")
            driver.find_element(By.ID, "draft-submit").click()
            wait(driver, "draft-result")
            shoot(driver, out / "5-draft.png")

            driver.get(f"{url}/compare")
            driver.find_element(By.ID, "compare-submit").click()
            wait(driver, "compare-result")
            shoot(driver, out / "6-compare.png")

            driver.get(f"{url}/trend")
            wait(driver, "trend-frame")
            shoot(driver, out / "7-trend.png")
            frame = driver.find_element(By.ID, "trend-frame").get_attribute("src")
            driver.get(str(frame))  # the table and the charts inside the frame, whole
            shoot(driver, out / "8-trend-content.png", max_height=4000)
        finally:
            driver.quit()
            server.stop()
        # The login page, as a server on the office network shows it to a browser without the token.
        guarded = start_in_thread(make_config(history, work=Path(folder), scratch_in=Path(folder), token="x" * 16))
        driver = chromium()
        try:
            driver.get(guarded.url)
            wait(driver, "token")
            shoot(driver, out / "9-login.png")
        finally:
            driver.quit()
            guarded.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
