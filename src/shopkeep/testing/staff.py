"""The one way tests sign staff in, by HTTP client or in a browser.

Every test that needs a signed-in staff member goes through these helpers, so that whatever a staff
sign-in requires (the password, the second factor of P-38, the practices acknowledgement of P-39) is
done in one place.
"""

from django.urls import reverse

STAFF_PASSWORD = "a long staff password 1"


def staff_user(role: str, *, email: str | None = None, password: str = STAFF_PASSWORD, name: str = ""):
    """A staff account holding `role` (email defaults to `<role>@shop.example`), with an authenticator app."""
    from shopkeep.customers.second_factor import totp_device_create
    from shopkeep.customers.staff import staff_create

    user = staff_create(email=email or f"{role}@shop.example", role=role, password=password, name=name)[0]
    totp_device_create(user=user)
    return user


def staff_totp_code(user) -> str:
    """A code the user's authenticator would show now and that has not been used yet."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    step = max(now, (device.last_t or -1) + 1)  # a code is accepted once; the next step's is also accepted
    totp.time = totp.t0 + (step - totp.drift) * totp.step
    return str(totp.token()).zfill(device.digits)


def _session_complete(client, user) -> None:
    """Mark the client's session as having passed every step after the password."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shopkeep.customers.second_factor import SESSION_REQUIRED, totp_device_create

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device_create(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_REQUIRED] = True
    for key, value in _after_login_marks(user).items():
        session[key] = value
    session.save()


def _after_login_marks(user) -> dict:
    """Session values a full staff sign-in leaves (idle clock, recent password); see customers.staff_session."""
    from shopkeep.customers.staff_session import session_marks_after_login

    return session_marks_after_login()


def _acknowledge(user) -> None:
    """The user acknowledged the current staff privacy practices (P-39) this quarter."""
    from shopkeep.privacy.practices import practices_acknowledge_current, practices_acknowledgement_due

    if practices_acknowledgement_due(user=user):
        practices_acknowledge_current(user=user)


def staff_login(client, user_or_role, *, acknowledge: bool = True, **user_options):
    """Sign a staff member in on a Django test client, completing every step a staff sign-in requires.

    Pass a user, or a role to create `<role>@shop.example` first. Returns the user.
    """
    user = staff_user(user_or_role, **user_options) if isinstance(user_or_role, str) else user_or_role
    client.force_login(user)
    _session_complete(client, user)
    if acknowledge:
        _acknowledge(user)
    return user


def staff_browser_login(page, base_url: str, *, email: str, password: str = STAFF_PASSWORD, next_url: str = "",
                        acknowledge: bool = True) -> None:
    """Sign a staff member in through the login page of a Playwright page, completing every step:
    the password, then the code of their authenticator app (one is created if they have none)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shopkeep.customers.second_factor import totp_device_create

    user = get_user_model().objects.get_by_natural_key(email)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        totp_device_create(user=user)
    if acknowledge:
        _acknowledge(user)
    url = base_url + reverse("customers:login") + (f"?next={next_url}" if next_url else "")
    page.goto(url)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code", exact=True).fill(staff_totp_code(user))
    page.get_by_role("button", name="Continue").click()
