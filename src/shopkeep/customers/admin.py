"""The admin shows no second-factor device: django-otp's own admin pages would show staff members' TOTP secrets
and QR codes to whoever can open them. Staff set up and replace their authenticator themselves (P-38)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
