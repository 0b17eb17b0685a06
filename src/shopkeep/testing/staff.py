"""The one way tests sign staff in, by HTTP client or in a browser.

Every test that needs a signed-in staff member goes through these helpers, so that whatever a staff
sign-in requires (password today; a second factor and a practices acknowledgement as they land) is
done in one place.
"""

from django.urls import reverse

STAFF_PASSWORD = "a long staff password 1"


def staff_user(role: str, *, email: str | None = None, password: str = STAFF_PASSWORD, name: str = ""):
    """A staff account holding `role` (email defaults to `<role>@shop.example`)."""
    from shopkeep.customers.staff import staff_create

    return staff_create(email=email or f"{role}@shop.example", role=role, password=password, name=name)[0]


def staff_login(client, user_or_role, **user_options):
    """Sign a staff member in on a Django test client, completing every step a staff sign-in requires.

    Pass a user, or a role to create `<role>@shop.example` first. Returns the user.
    """
    user = staff_user(user_or_role, **user_options) if isinstance(user_or_role, str) else user_or_role
    client.force_login(user)
    return user


def staff_browser_login(page, base_url: str, *, email: str, password: str = STAFF_PASSWORD, next_url: str = "") -> None:
    """Sign a staff member in through the login page of a Playwright page, completing every step."""
    url = base_url + reverse("customers:login") + (f"?next={next_url}" if next_url else "")
    page.goto(url)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
