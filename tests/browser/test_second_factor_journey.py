"""A new member of staff in a real browser: the password alone leads to setting up an authenticator app (QR code
drawn by the shop), then to the recovery codes, the practices and only then the back office; at 1280 and 390
px. P-38, P-39."""

import base64
import re

import pytest
from django_otp.oath import totp

from shopkeep.customers.staff import staff_create
from shopkeep.privacy.roles import Role
from shopkeep.testing.browser import expect, heading
from shopkeep.testing.staff import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_staff_member_sets_up_the_second_factor_before_the_back_office_opens(browser, live_server,
                                                                                   transactional_db, screenshot,
                                                                                   width):
    staff_create(email="new@shop.example", role=Role.CUSTOMER_SERVICE, password=STAFF_PASSWORD)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    page = context.new_page()
    # when: the password is typed
    page.goto(f"{live_server.url}/account/login/?next=/backoffice/fraud/")
    page.get_by_label("Email address").fill("new@shop.example")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # then: the set-up page, with a QR code drawn in the page and the key as text
    expect()(heading(page, "Set up your authenticator app")).to_be_visible()
    assert page.locator(".qr-code svg").count() == 1
    screenshot(page, f"second-factor-1-setup-{width}")
    secret = page.locator("code.reference").inner_text()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(str(totp(key)).zfill(6))
    page.get_by_role("button", name="Turn on the second step").click()
    # then: ten recovery codes, once
    expect()(heading(page, "Second step turned on: keep your recovery codes")).to_be_visible()
    assert len(re.findall(r"\d{5}-\d{5}", page.content())) == 10
    screenshot(page, f"second-factor-2-codes-{width}")
    page.get_by_role("link", name="I have kept them: continue").click()
    # then: the practices, and only then the screen they asked for
    expect()(heading(page, "Privacy practices for staff")).to_be_visible()
    screenshot(page, f"second-factor-3-practices-{width}")
    page.get_by_role("button", name="I have read these practices and will follow them").click()
    expect()(heading(page, "Orders on hold")).to_be_visible()
    context.close()
