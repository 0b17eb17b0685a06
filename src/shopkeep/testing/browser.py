"""Playwright fixtures (headless Debian Chromium) shared by every app's browser tests.

Use them with pytest-django's `live_server` (which needs `transactional_db`) and keep browser
tests in one xdist group so they share one browser:

    pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

    def test_home(page, live_server, transactional_db, screenshot):
        page.goto(live_server.url)
        screenshot(page, "home")

A failing test leaves a full-page screenshot in `var/screenshots/<test name>.png`.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
TIMEOUT_MS = 10_000


def screenshot_dir(config: pytest.Config) -> Path:
    """Where screenshots go: `<repo>/var/screenshots` (git-ignored)."""
    path = Path(config.rootpath) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") + ".png"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """Keep each phase's report on the item (`item.rep_setup`, `rep_call`, `rep_teardown`)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole session (skipped when /usr/bin/chromium is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous, so let Django allow them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context(browser, request) -> Iterator:
    """A fresh browser profile (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request) -> Iterator:
    """A new page in a fresh context; on failure a full-page screenshot is saved."""
    page = browser_context.new_page()
    yield page
    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed and not page.is_closed():
        try:
            page.screenshot(path=screenshot_dir(request.config) / _file_name(request.node.name), full_page=True)
        except Exception:  # a crashed page must not hide the test's own failure
            pass


@pytest.fixture
def screenshot(request) -> Callable:
    """Save a full-page screenshot of a step: `screenshot(page, "cart")` → var/screenshots/cart.png."""

    def take(page, name: str) -> Path:
        path = screenshot_dir(request.config) / _file_name(name)
        page.screenshot(path=path, full_page=True)
        return path

    return take


def expect():
    """Playwright's `expect`, imported only when a browser test runs."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def heading(page, text: str):
    """The page's main heading, matched case-insensitively."""
    return page.get_by_role("heading", level=1, name=re.compile(text, re.I))


@pytest.fixture
def audit_log_emptied_after(transactional_db):
    """Staff pages write the append-only audit log; on SQLite the flush between transactional tests deletes rows,
    which the log's trigger refuses. Empty it with the trigger briefly lifted, then put the trigger back."""
    yield
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush truncates, which row triggers do not see
    migration = import_module("shopkeep.privacy.migrations.0008_audit_expiry")  # the trigger in force
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {migration.TABLE}_no_delete")
        cursor.execute(f"DELETE FROM {migration.TABLE}")
        cursor.execute(migration.SQLITE_UP[1])


def page_width(page) -> int:
    """How wide the page lays out, once its stylesheets have arrived (a click that opens a page returns before
    they do, and an unstyled page is wider than the screen)."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def wide_elements(page, width: int) -> list[str]:
    """The innermost elements that reach past `width` pixels, with their text: what makes a page scroll sideways."""
    return page.evaluate("""(width) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1
                     && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
        .slice(0, 10)
        .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}: `
                  + (e.textContent || '').trim().slice(0, 80))""", width)
