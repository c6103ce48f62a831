"""Real-browser journeys: Playwright for Python driving Debian's Chromium against `live_server`.

No browser is ever downloaded (`playwright install` is never run): the tests launch
`/usr/bin/chromium` (Debian package `chromium`; `.ci/run` installs it). Without it every test
marked `e2e` is skipped at collection time.

Each journey saves a full-page screenshot of every step under `artifacts/e2e/<test>/` (CI keeps
the folder) and runs axe-core (vendored in `vendor/axe.min.js`, npm package `axe-core`) on every
page it visits: any serious or critical violation fails the test.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
# CI runs the suite once per database: E2E_ARTIFACTS names a folder per run so neither overwrites.
ARTIFACTS = Path(
    os.environ.get("E2E_ARTIFACTS") or Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = ("serious", "critical")
PASSWORD = "rahasia-uji-123"  # tests.factories.UserFactory

# Playwright's sync API runs an event loop in the test's thread; Django then refuses ORM calls
# from that thread (SynchronousOnlyOperation) although nothing here is async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _browser_missing_reason() -> str:
    if not CHROMIUM.exists():
        return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the Python package playwright (pip install -e '.[dev]')"
    return ""


def pytest_collection_modifyitems(config, items):
    reason = _browser_missing_reason()
    if not reason:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists():
    """`live_server` is session-scoped: its WhiteNoise starts before the per-test settings
    fixture points STATIC_ROOT at a temporary folder, and warns (an error here) when the
    configured one is missing."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _links_point_at_live_server(settings, live_server):
    """Links in receipts, emails and letters are built from SITE_URL."""
    settings.SITE_URL = live_server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _context(browser, viewport, **options):
    # bypass_csp: the pages send a strict Content-Security-Policy; the test injects axe-core.
    context = browser.new_context(
        viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True, **options
    )
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def phone(browser):
    """A phone-sized page (most citizens arrive on a phone)."""
    context = _context(browser, PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_context(browser):
    """A factory of desktop pages, one browser context (one session) per person."""
    contexts = []

    def _new_page():
        context = _context(browser, DESKTOP, accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@dataclass
class Journey:
    """Screenshots and accessibility checks for one test: `journey.step(page, "name")`."""

    folder: Path
    checked: list[str] = field(default_factory=list)
    count: int = 0

    def step(self, page, name: str, *, axe: bool = True) -> None:
        page.wait_for_load_state("load")
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{slug}.png"), full_page=True)
        if axe:
            assert_no_serious_violations(page)
            self.checked.append(page.url)


@pytest.fixture
def journey(request):
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return Journey(folder=folder)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (impacts) => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter((v) => impacts.includes(v.impact))
                .map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
                }));
        }""",
        list(BLOCKING_IMPACTS),
    )


def assert_no_serious_violations(page) -> None:
    violations = axe_violations(page)
    listed = "\n".join(
        f"  {v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}" for v in violations
    )
    assert not violations, f"axe-core on {page.url}:\n{listed}"


@pytest.fixture
def consequence_test(body):
    from requests_app.models import ConsequenceTest

    return ConsequenceTest.objects.create(
        body=body,
        document="Daftar penerima beasiswa",
        exempted_part="NIK dan alamat penerima",
        exemption_letter="h",
        exemption_subitem=3,
        harm_if_disclosed="Mengungkap data pribadi anak.",
        public_interest_balance="Nama dan sekolah cukup untuk pengawasan.",
        decided_on=datetime.date(2025, 1, 2),
        decision_reference="SK-PPID/1/2025",
        signed_by="PPID Utama",
    )


def field(scope, label: str):
    """The form control labelled `label` in a page or locator (required fields add " (wajib)")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(wajib\))?$"))


def log_in(page, base_url: str, username: str, *, next_path: str = "/petugas/") -> None:
    page.goto(f"{base_url}/akun/masuk/?next={next_path}")
    assert_no_serious_violations(page)  # the login page is on every officer journey
    page.get_by_label(re.compile(r"^nama pengguna", re.I)).fill(username)
    page.get_by_label(re.compile(r"^(kata )?sandi", re.I)).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(re.escape(next_path)))
