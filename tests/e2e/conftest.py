"""Browser tests: Playwright (sync API) drives the system Chromium against `live_server`.

- Every test under tests/e2e/ is marked `e2e` (deselect with `-m "not e2e"`).
- Chromium is Debian's /usr/bin/chromium (never `playwright install`). Missing: the tests
  fail under CI (CI must install it) and are skipped elsewhere.
- On failure a screenshot is saved to test-results/<test name>.png.
- Tests run on `transactional_db` (the live server reads the database from another
  thread); the territory reference data is reloaded if a flush removed it.
"""

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keeps each phase's report on the item, for the screenshot on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module and worker.

    While Playwright runs, its event loop is the thread's running loop, so Django would
    refuse ORM calls from the test itself: DJANGO_ALLOW_ASYNC_UNSAFE lifts that for as
    long as the browser lives (the tests are synchronous; nothing else shares the loop).
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must install it: see .ci/run)", pytrace=False)
        pytest.skip(message)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright: Playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Communes, QPV, ROME... come from a post_migrate signal: make sure they are there."""
    from jalons.territory.models import Commune
    from jalons.territory.reference import load_reference_data

    if not Commune.objects.exists():
        load_reference_data()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer, reference_data: None
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            _save_screenshot(tab, request)
        context.close()


def _save_screenshot(tab: Page, request: pytest.FixtureRequest) -> None:
    folder = request.config.rootpath / "test-results"
    folder.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    path = folder / f"{name}.png"
    try:
        tab.screenshot(path=str(path), full_page=True)
    except Exception as exc:  # the page may be gone; the test's own error matters more
        print(f"\nCould not save the screenshot {path}: {exc}")
    else:
        print(f"\nScreenshot of the failure: {path}")


def login(page: Page, live_server: LiveServer, email: str, password: str) -> None:
    """Fill and send the login form (what follows is for the test to check)."""
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
