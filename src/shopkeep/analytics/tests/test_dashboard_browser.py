"""In a real browser: the marketing user logs in and reads 30 days of statistics."""

import pytest
from django.core.management import call_command

from shopkeep.analytics.tests.factories import staff_create
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_browser_login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "a long staff passphrase for tests"


@pytest.mark.promise("P-10")
def test_marketing_user_logs_in_and_sees_charts_for_the_last_30_days(page, live_server, transactional_db, screenshot):
    # given
    call_command("seed_traffic", days=90, views=450_000)
    user = staff_create(role=Role.MARKETING)
    user.set_password(PASSWORD)
    user.save()
    # when
    staff_browser_login(page, live_server.url, email=user.email, password=PASSWORD, next_url="/backoffice/stats/")
    page.get_by_label("Period").select_option("30")
    page.get_by_role("button", name="Show").click()
    # then
    assert page.get_by_role("heading", level=1).inner_text() == "Statistics"
    assert "(30 days)" in page.get_by_role("heading", name="days)").inner_text()
    assert page.locator("svg.chart").count() == 8
    assert page.locator("svg.chart polyline.line").count() == 2
    assert page.locator("section[aria-labelledby=pages-heading] rect.bar").count() == 10
    assert page.get_by_role("link", name="Download CSV").count() == 9
    page.get_by_text("Show the numbers as a table").first.click()
    assert page.locator("section[aria-labelledby=days-heading] tbody tr").count() == 30
    screenshot(page, "analytics-dashboard-30-days")
