"""Debian's headless chromium for the browser tests and scripts/web_screenshots.py (nothing is downloaded)."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HEADLESS_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium_options(*flags: str) -> webdriver.ChromeOptions:
    """Options for a quiet headless chromium, with ``flags`` added (window size, language …)."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*HEADLESS_FLAGS, *flags):
        options.add_argument(flag)
    return options


def start_chromium(options: webdriver.ChromeOptions) -> webdriver.Chrome:
    """Debian's chromium driven through Debian's chromedriver."""
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
