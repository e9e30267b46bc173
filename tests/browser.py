"""Headless Chromium for tests: serve a built site on 127.0.0.1 and watch what its pages do.

    from browser import browser_page, serve

    with serve(book / "_build" / "html") as base_url, browser_page(base_url) as (page, watch):
        page.goto(base_url + "/index.html")
        assert not watch.problems()

`serve` runs `python -m http.server` bound to 127.0.0.1 on a free port (the site must not need file://
tricks). `browser_page` launches the system Chromium (/usr/bin/chromium, never a downloaded one) with
Playwright's sync API and returns a page that

- aborts every request that does not go to the served host (the site must work offline), recording it;
- records and dismisses every `alert`/`confirm`/`prompt` dialog, console error and uncaught page error;
- carries a sentinel: hostile fixtures try to call `alert(...)`, set `window.__pwned` or set
  `document.title = 'PWNED'`; `watch.pwned(page)` tells whether any of that happened.

Playwright (the Python package only; no `playwright install`) and Chromium are optional locally: a test
that needs them is skipped when they are missing, and fails in CI (conftest.require_tool).
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import in_ci

CHROMIUM = os.environ.get("SURVEY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SENTINEL = "__pwned"
# Known errors of the theme's own scripts, not of the survey's: Jupyter Book writes sphinx-thebe's
# configuration script twice on every page (the second `const` declaration fails); the colour-mode
# script logs an error for a first visit with nothing stored.
THEME_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")


def missing(what: str) -> None:
    """Skip locally, fail in CI, where .ci/run must have installed `what`."""
    if in_ci():
        pytest.fail(f"{what}; .ci/run must install it")
    pytest.skip(what)


def require_browser() -> None:
    """Skip locally (fail in CI) unless Playwright's Python package and the system Chromium exist."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the Python package playwright is not installed")
    if not Path(CHROMIUM).exists():
        missing(f"{CHROMIUM} is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, timeout: float = 20.0) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1; yield the base URL (no trailing slash)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base_url + "/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"http.server did not start on port {port}") from None
                time.sleep(0.05)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Watch:
    """Everything a page did that a test may want to forbid."""

    host: str
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def pwned(self, page) -> bool:
        """True if an injected script or handler ran on `page` (or a dialog opened at all)."""
        state = page.evaluate(f"() => [window.{SENTINEL} === undefined ? null : String(window.{SENTINEL}),"
                              " document.title]")
        return bool(self.dialogs) or state[0] is not None or state[1] == "PWNED"

    def problems(self) -> list[str]:
        return ([f"dialog: {d}" for d in self.dialogs] + [f"console error: {e}" for e in self.console_errors]
                + [f"page error: {e}" for e in self.page_errors] + [f"blocked request: {u}" for u in self.blocked]
                + [f"failed request: {u}" for u in self.failed])

    def clear(self) -> None:
        for values in (self.dialogs, self.console_errors, self.page_errors, self.blocked, self.failed):
            values.clear()


@contextlib.contextmanager
def launch():
    """A headless system Chromium (Playwright sync API); skipped/failed via require_browser."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(base_url: str, browser=None, viewport: dict | None = None, permissions: list[str] = ()):
    """A fresh page (own context, `viewport` size, granted `permissions`) confined to `base_url`'s host;
    yields (page, watch)."""
    with contextlib.ExitStack() as stack:
        if browser is None:
            browser = stack.enter_context(launch())
        context = browser.new_context(java_script_enabled=True, service_workers="block",
                                      **({"viewport": viewport} if viewport else {}))
        stack.callback(context.close)
        if permissions:
            context.grant_permissions(list(permissions), origin=base_url)
        host = urlsplit(base_url).netloc
        watch = Watch(host)

        def route(route_request):
            url = route_request.request.url
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about") or parts.netloc == host:
                route_request.continue_()
            else:
                watch.blocked.append(url)
                route_request.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (watch.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
        page.on("console", lambda message: watch.console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        # A request the browser cancels because the page navigated on (net::ERR_ABORTED) is not a fault of
        # the site; a missing file is, and it shows as an HTTP error status, not as a failed request.
        page.on("requestfailed", lambda request: watch.failed.append(f"{request.url} ({request.failure})")
                if urlsplit(request.url).netloc == host and request.failure != "net::ERR_ABORTED" else None)
        page.on("response", lambda response: watch.failed.append(f"{response.url} (HTTP {response.status})")
                if urlsplit(response.url).netloc == host and response.status >= 400 else None)
        yield page, watch
