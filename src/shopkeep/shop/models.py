"""The shop's identity and its own pages, kept with history: a new row per change, the newest in force."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ShopIdentity(models.Model):
    """Who runs the shop and how to reach them (imprint, policy, email footers, withdrawal form)."""

    legal_name = models.CharField(max_length=200)
    postal_address = models.TextField(help_text="One line per address line, country last.")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code of the country the shop is run from.")
    contact_email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    data_protection_contact = models.CharField("data-protection contact", max_length=254, blank=True,
                                               help_text="Data-protection officer or contact (email or name and email).")
    vat_number = models.CharField("VAT number", max_length=30, blank=True)
    authority_name = models.CharField("supervisory authority", max_length=200,
                                      help_text="The data-protection supervisory authority customers may complain to.")
    authority_url = models.URLField("authority's web address", max_length=200)
    return_address = models.TextField(help_text="Where customers send goods back; one line per address line.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "shop identities"

    def __str__(self) -> str:
        return self.legal_name

    @property
    def postal_address_lines(self) -> list[str]:
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]

    @property
    def return_address_lines(self) -> list[str]:
        return [line.strip() for line in self.return_address.splitlines() if line.strip()]


class ShopPage(models.Model):
    """One version of the owner-written text of a shop page."""

    class Key(models.TextChoices):
        CONTACT = "contact", "Contact and imprint"
        TERMS = "terms", "Terms and conditions"
        SHIPPING_RETURNS = "shipping-returns", "Shipping and returns"
        WITHDRAWAL = "withdrawal", "Right of withdrawal"

    key = models.CharField(max_length=30, choices=Key.choices)
    body = models.TextField(blank=True, help_text="Markdown subset: paragraphs, headings, lists, bold, italic, links.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["key", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.created_at:%Y-%m-%d %H:%M})"
