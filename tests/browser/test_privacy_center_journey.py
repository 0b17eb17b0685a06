"""A customer finds the privacy center from the footer, corrects an address, downloads a copy of their data,
asks for erasure, and cannot log in once the grace period has ended (P-31, P-32, P-33), at 1280 and 390 px."""

import json
import re
import zipfile

import pytest
from django.urls import reverse

from shopkeep.customers.tests.factories import PASSWORD
from shopkeep.privacy import rights
from shopkeep.privacy.models import ErasureRequest
from shopkeep.privacy.tests.people import ADA, database_scan, person_with_everything
from shopkeep.testing.browser import expect, heading

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.promise("P-31")
@pytest.mark.promise("P-32")
@pytest.mark.promise("P-33")
@pytest.mark.parametrize("width", [1280, 390])
def test_a_customer_sees_corrects_takes_and_erases_their_data(page, live_server, transactional_db, settings,
                                                               screenshot, tmp_path, width):
    # given a customer with an account, an address, orders, a subscription and a question
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    ada = person_with_everything(**ADA)
    page.set_viewport_size({"width": width, "height": 900})

    # when she follows "Your data" in the footer of the home page and logs in
    page.goto(live_server.url + reverse("storefront:home"))
    page.get_by_role("contentinfo").get_by_role("link", name="Your data").click()
    expect()(heading(page, "Your data")).to_be_visible()
    page.get_by_role("link", name="Log in to see your data").click()
    page.get_by_label("Email address").fill(ada.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # then the privacy center lists what the shop holds about her
    expect()(heading(page, "Your data")).to_be_visible()
    expect()(page.get_by_role("heading", name="Everything we hold about you")).to_be_visible()
    page.get_by_text(re.compile(r"^Orders \(")).click()
    expect()(page.get_by_text(ada.orders[0].number).first).to_be_visible()
    screenshot(page, f"privacy-center-1-overview-{width}")
    no_sideways_scroll(page)

    # when she corrects her saved address from there
    saved = page.locator(".held-record", has=page.get_by_role("link", name="Correct this")).filter(
        has_text=ada.line1).first
    saved.get_by_role("link", name="Correct this").click()
    page.get_by_label("Address line 1").fill("8 Quillfeather Lane")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Your data").click()

    # then the center shows the corrected address
    expect()(page.get_by_text("8 Quillfeather Lane").first).to_be_visible()

    # when she asks for a copy and downloads it
    page.get_by_role("button", name="Make a copy of my data").click()
    expect()(page.get_by_role("link", name="Download your data (ZIP)")).to_be_visible()
    screenshot(page, f"privacy-center-2-export-ready-{width}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (ZIP)").click()
    path = tmp_path / "data.zip"
    download.value.save_as(path)

    # then the ZIP holds her data, corrected
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
        assert "8 Quillfeather Lane" in archive.read("data.html").decode()
    assert data["email"] == ada.email and "8 Quillfeather Lane" in json.dumps(data)

    # when she asks for erasure with her password
    erase = page.get_by_role("region", name="Erase your account")
    erase.get_by_label("Your password, to confirm it is you").fill(PASSWORD)
    erase.get_by_label(re.compile("Yes, erase my account")).check()
    erase.get_by_role("button", name="Erase my account").click()
    expect()(page.get_by_role("status").filter(has_text="We will do it on")).to_be_visible()
    screenshot(page, f"privacy-center-3-erasure-asked-{width}")
    no_sideways_scroll(page)

    # and the grace period ends
    request = ErasureRequest.objects.get()
    rights.erasures_due(now=request.due_at)

    # then she is logged out, cannot log in again, and nothing about her is left
    page.goto(live_server.url + reverse("customers:privacy"))
    page.get_by_role("link", name="Log in to see your data").click()
    page.get_by_label("Email address").fill(ada.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect()(page.get_by_role("alert")).to_contain_text("match an account")
    screenshot(page, f"privacy-center-4-cannot-log-in-{width}")
    assert database_scan(ada.needles) == []
