"""The Content-Security-Policy holds without breaking anything a person sees: the home page, a listing,
the indicators charts and the editors' admin load with no policy violation in the browser."""

from wagtail.models import Locale, Page

from accounts.roles import Role
from home.models import StandardPage
from tests.factories import user_with_role
from tests.factories.listings import TechnologyFactory
from tests.indicators.conftest import programme  # noqa: F401 - the shared data fixture

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def visit(page, path, ready):
    """Open `path`, wait for `ready`, return the policy violations the page reported."""
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(path)
    assert response.status == 200, path
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    page.wait_for_function(ready)
    page.wait_for_load_state("networkidle")
    reported = page.evaluate("() => window.__cspViolations")
    return reported + [text for text in console if "Content Security Policy" in text]


def test_public_pages_and_charts_load_without_policy_violations(page, programme, university):  # noqa: F811
    technology = TechnologyFactory(organisation=university, published=True, title="钠离子电池正极材料")
    assert visit(page, "/", "() => document.readyState === 'complete'") == []
    assert visit(page, technology.get_absolute_url(), "() => !!document.querySelector('h1')") == []
    charts = "() => window.Chart && Chart.getChart('chart-tracks') !== undefined"
    assert visit(page, "/indicators/", charts) == []
    assert page.locator(".bar [data-share]").first.evaluate("bar => bar.style.width").endswith("%")


def test_admin_dashboard_loads_without_policy_violations(sign_in):
    editor = user_with_role(Role.EDITOR, display_name="周编辑")
    page = sign_in(editor)
    ready = "() => !!document.querySelector('.w-sidebar, [data-wagtail-sidebar], #wagtail-sidebar')"
    assert visit(page, "/admin/", ready) == []
    # The tree's root is made by a migration; after some earlier tests the restored database may lack
    # it (seen after tests/accounts in one process), so the page this test edits brings its own.
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=StandardPage(title="关于我们", slug="about-csp", locale=locale))
    for path in ("/admin/pages/", f"/admin/pages/{home.pk}/edit/", "/admin/images/"):
        assert visit(page, path, ready) == [], path
