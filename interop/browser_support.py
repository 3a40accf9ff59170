"""A headless Chromium for the browser tests (Debian's `chromium` and `chromium-driver`; .ci/run
installs them). When the browser cannot start, the tests that need it fail; they are never skipped."""

import base64
import hashlib
import shutil
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

PAGE_TIMEOUT_S = 15
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"]


class Chromium:
    """One headless Chromium. A start-up problem is kept and reported by each test as a failure (a
    fixture error would not read as a failed test)."""

    def __init__(self, extra_args: list[str] | None = None):
        self.driver = None
        self.problem = None
        args = BROWSER_ARGS + list(extra_args or [])
        chromium = shutil.which("chromium")
        chromedriver = shutil.which("chromedriver")
        if not chromium or not chromedriver:
            self.problem = (
                "the browser tests need Chromium and ChromeDriver on PATH "
                f"(chromium: {chromium or 'missing'}, chromedriver: {chromedriver or 'missing'}).\n"
                "Install them with: apt-get install -y chromium chromium-driver")
            return
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in args:
            options.add_argument(arg)
        try:
            self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
            self.driver.set_page_load_timeout(PAGE_TIMEOUT_S)
        except WebDriverException as error:
            self.problem = (
                f"could not start headless Chromium ({chromium}) through {chromedriver} "
                f"with {' '.join(args)}:\n{error.msg or error}")

    def require(self):
        if self.driver is None:
            pytest.fail(self.problem, pytrace=False)
        return self.driver

    def quit(self):
        if self.driver is not None:
            self.driver.quit()


def trust_server_key_args(host: str, port: int) -> list[str]:
    """Chromium reads no CA variables: it is told to accept the TLS server at host:port by pinning the
    SHA-256 of that server certificate's public key (and only that key)."""
    pem = ssl.get_server_certificate((host, port))
    spki = x509.load_pem_x509_certificate(pem.encode()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return [f"--ignore-certificate-errors-spki-list={base64.b64encode(hashlib.sha256(spki).digest()).decode()}"]
