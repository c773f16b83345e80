"""In a real browser, pages run under the Content-Security-Policy without a single violation."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import BrowserContext, Page, expect

from lisa.accounts.models import Role, User
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")
PASSWORD = "correct horse battery staple"

# Injected by the browser (not subject to the page's policy): every violation is recorded
# on the page and sent to the test.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  var what = event.violatedDirective + " " + (event.blockedURI || "inline") + " at "
    + event.sourceFile + ":" + event.lineNumber;
  window.__csp.push(what);
  window.cspViolation(location.pathname + ": " + what);
});
"""


class Watch:
    """The CSP violations and CSP console messages of a browser context."""

    def __init__(self, context: BrowserContext):
        self.violations: list[str] = []
        self.console: list[str] = []
        context.expose_function("cspViolation", self.record)
        context.add_init_script(WATCH)
        # no tile requests leave the machine; the policy is checked before they are made
        context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda r: r.abort())

    def record(self, violation: str) -> None:
        self.violations.append(violation)

    def page(self, page: Page) -> Page:
        page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/", wait_until="networkidle")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_the_pages_run_under_the_policy(live_server, browser):
    cleaner = UserFactory.create(username="yasmina", first_name="Yasmina", language="fr")
    grant(cleaner, "anderlecht-cleanliness", Role.PARTNER_AGENT)
    User.objects.create(
        username="ada", password=make_password(PASSWORD), is_staff=True, is_superuser=True
    )
    report = report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas abandonné devant le numéro 27.",
        channel=Channel.WEB,
        notify=False,
    ).report
    context = browser.new_context(locale="fr-BE")
    watch = Watch(context)
    page = watch.page(context.new_page())
    base = live_server.url

    home = page.goto(f"{base}/", wait_until="networkidle")
    assert "script-src 'self'" in home.headers["content-security-policy"]
    page.goto(f"{base}/fr/offices/?street=Rue+Wayez", wait_until="networkidle")
    expect(page.locator("#offices-map .leaflet-tile-pane")).to_be_attached()
    login = page.goto(f"{base}/accounts/login/", wait_until="networkidle")
    assert "frame-ancestors 'none'" in login.headers["content-security-policy"]
    sign_in(page, base, "yasmina")
    assert page.url == f"{base}/staff/queue/"
    expect(page.get_by_role("link", name=report.reference).first).to_be_visible()
    page.goto(f"{base}/staff/queue/?view=map", wait_until="networkidle")
    expect(page.locator("#queue-map path.leaflet-interactive").first).to_be_attached()
    page.goto(f"{base}/staff/reports/{report.reference}/", wait_until="networkidle")
    expect(page.get_by_text("Un matelas abandonné devant le numéro 27.")).to_be_visible()
    expect(
        page.locator("#report-map .leaflet-marker-icon, #report-map path").first
    ).to_be_attached()
    page.goto(f"{base}/me/", wait_until="networkidle")
    page.get_by_role("button", name=re.compile("Se déconnecter|Sign out")).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Vous êtes déconnecté.")).to_be_visible()

    # the administration works under the same policy
    page.goto(f"{base}/admin/", wait_until="networkidle")
    page.locator("#id_username").fill("ada")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/admin/reports/report/", wait_until="networkidle")
    page.get_by_role("link", name=report.reference).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#report_form")).to_be_visible()
    page.goto(f"{base}/admin/accounts/user/add/", wait_until="networkidle")
    page.goto(f"{base}/admin/axes/accessattempt/", wait_until="networkidle")

    assert watch.violations == []
    assert watch.console == []
    # and the watch does see a violation when there is one
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__csp.length > 0")
    context.close()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_sign_in_pages_on_a_phone(live_server, browser, settings, language):
    settings.AXES_ENABLED = True
    person = UserFactory.create(username="yasmina", language=language)
    context = browser.new_context(
        locale=f"{language}-BE", viewport={"width": 375, "height": 740}, device_scale_factor=1
    )
    watch = Watch(context)
    page = watch.page(context.new_page())
    base = live_server.url
    RESULTS.mkdir(exist_ok=True)

    def shot(name: str) -> None:
        # nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=RESULTS / f"sign-in-{name}-375-{language}.png", full_page=True)

    page.goto(f"{base}/accounts/login/", wait_until="networkidle")
    shot("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.locator("#id_username").fill("yasmina")
        page.locator("#id_password").fill("not my password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text(
        {"fr": "Connexion suspendue", "nl": "Aanmelden gepauzeerd"}[language]
    )
    shot("locked-out")
    page.get_by_role("link", name=re.compile("Choisissez-en un nouveau|Kies een nieuw")).click()
    page.wait_for_load_state("networkidle")
    shot("reset-form")
    page.locator("#id_email").fill("yasmina@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    shot("reset-done")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    page.goto(f"{base}/accounts/reset/{uid}/{token}/", wait_until="networkidle")
    expect(page.locator("#id_new_password1")).to_be_visible()
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".errorlist").first).to_be_visible()
    shot("reset-new-password")
    page.goto(f"{base}/accounts/reset/{uid}/not-a-token/", wait_until="networkidle")
    shot("reset-invalid-link")

    assert watch.violations == []
    assert watch.console == []
    context.close()
