"""Second factor (P-38) with django-otp: an authenticator app (TOTP, RFC 6238) and one-time recovery codes.

Every staff account must have one and use it at every sign-in before any back-office screen opens;
customers may turn it on from their account. The TOTP secret is made here, shown once as a QR code drawn
on the server (segno, no other site involved) and as text; recovery codes are shown once and stored by
django-otp's static device. A verified session carries django-otp's device id (OTPMiddleware then
reports `request.user.is_verified()`).
"""

import secrets
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.db import transaction
from django_otp import devices_for_user, login as otp_login, match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shopkeep.conf import conf

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
SESSION_REQUIRED = "sk_second_factor"  # set at login for accounts that must pass the second factor


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, as authenticator apps want it typed
    uri: str  # otpauth:// URI the QR code holds
    qr_svg: str  # the QR code as inline SVG markup


def second_factor_required(user) -> bool:
    """Staff always; customers once they turned it on."""
    return bool(getattr(user, "is_staff", False)) or user_has_device(user, confirmed=True)


def second_factor_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_secret_text(device: TOTPDevice) -> str:
    """The device's secret in base32 (what an authenticator app asks for when typed in)."""
    return b32encode(unhexlify(device.key)).decode().rstrip("=")


def _uri(device: TOTPDevice, user) -> str:
    label = quote(f"{conf.shop_name}:{user.customer_number}")
    return (f"otpauth://totp/{label}?secret={totp_secret_text(device)}&issuer={quote(conf.shop_name)}"
            f"&digits={device.digits}&period={device.step}")


def enrolment_start(*, user) -> Enrolment:
    """The account's unconfirmed authenticator (a new secret the first time), ready to show as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    uri = _uri(device, user)
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#1f2933", light="#ffffff", omitsize=False,
                                               title="QR code of your authenticator secret")
    return Enrolment(device=device, secret=totp_secret_text(device), uri=uri, qr_svg=svg)


@transaction.atomic
def enrolment_confirm(*, request, user, code: str) -> list[str] | None:
    """Confirm the new authenticator with a code from it; return the recovery codes (shown once), or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False, name=APP_DEVICE_NAME).first()
    if device is None or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(user=user)
    otp_login(request, device)
    return codes


def recovery_codes_new(*, user) -> list[str]:
    """Replace the account's recovery codes with fresh ones (each works once); returns them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())[:16]


def second_factor_verify(*, request, user, code: str) -> bool:
    """Check a code from the authenticator or a recovery code; on success mark the session verified."""
    token = _digits(code)
    if not token:
        return False
    device = match_token(user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True


def second_factor_remove(*, user) -> None:
    """Turn the second factor off (customers only: staff cannot work without one)."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def totp_key_new() -> str:
    """A new TOTP secret as django-otp stores it (hex); used by seed_demo and the test helpers."""
    from django_otp.util import random_hex

    return random_hex(20)


def totp_device_create(*, user, key: str | None = None) -> TOTPDevice:
    """A confirmed authenticator for `user` (seed_demo and tests; people enrol through the page)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True, key=key or totp_key_new())
