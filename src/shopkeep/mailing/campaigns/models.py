from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shopkeep.money import Money
from shopkeep.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedEmailField, EncryptedTextField, KeyedHashField


class Coupon(models.Model):
    """A discount code, usually attached to a campaign and valid for confirmed subscribers only (P-30)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", "Percent off the items"
        FIXED = "fixed", "Fixed amount off the items"

    code = models.CharField(max_length=32, unique=True, help_text="Stored in upper case; customers may type any case.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, blank=True, help_text="For a fixed amount: its currency.")
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    max_uses = models.PositiveIntegerField(default=1, help_text="1 = single use; more = that many orders in all.")
    uses = models.PositiveIntegerField(default=0)
    minimum_subtotal = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    subscribers_only = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(uses__lte=models.F("max_uses")),
                                              name="coupon_uses_within_max")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_single_use(self) -> bool:
        return self.max_uses == 1

    @property
    def describe(self) -> str:
        if self.kind == self.Kind.PERCENT:
            return f"{self.value.normalize():f}% off"
        return f"{Money(self.value, self.currency or 'EUR')} off"


class CouponRedemption(models.Model):
    """One order that used a coupon. The address is kept only as a keyed hash, to refuse a second use."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="coupon_redemption")
    email_index = KeyedHashField()
    discount = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["coupon", "email_index"], name="coupon_once_per_address")]

    def __str__(self) -> str:
        return f"{self.coupon} on order {self.order_id}"


class Campaign(models.Model):
    """A newsletter written in the back office and sent to confirmed subscribers in batches."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    body = models.TextField(help_text="Simple Markdown: paragraphs, # headings, **bold**, *italic*, - lists, links.")
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    total = models.PositiveIntegerField(default=0, help_text="Confirmed subscribers when sending started.")
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Addresses on the suppression list, not sent to.")
    failed = models.PositiveIntegerField(default=0)
    cursor = models.BigIntegerField(default=0, help_text="Last subscription id handled (batches resume from here).")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def handled(self) -> int:
        return self.sent + self.skipped + self.failed

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.SENT:
            return 100
        return min(100, self.handled * 100 // self.total) if self.total else 0


class SurveyInvitation(models.Model):
    """An order whose customer ticked "invite me to a survey after delivery" (opt-in, P-30)."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="survey_invitation")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Survey invitation for order {self.order_id}"


class SurveyConsent(models.Model):
    """A customer's standing "invite me to surveys after my deliveries" (an unticked box in the account)."""

    customer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Survey consent of customer {self.customer_id}"


class SurveyResponse(models.Model):
    """A survey answer. It has no link to the invitation, order or customer, unless the customer asked
    for it to be linked to their account (P-30)."""

    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = EncryptedTextField(blank=True, max_length=2000)
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="Set only when the customer agreed to link the answer.")
    answered_on = models.DateField(help_text="A day, not a time: it must not single out the order.")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                              name="survey_rating_1_to_5")]

    def __str__(self) -> str:
        return f"Survey answer {self.pk} ({self.rating}/5)"


class Contest(models.Model):
    """A giveaway run by the shop (P-30): open entry, a published commitment to the draw's seed, a fair draw.

    The seed is stored encrypted and shown nowhere until the draw; only its SHA-256 (`commitment`) is public.
    """

    title = models.CharField(max_length=150)
    prize = models.CharField(max_length=200)
    rules = models.TextField(help_text="Simple Markdown, as in newsletters.")
    question = models.CharField(max_length=200, blank=True, help_text="Optional question every entrant answers.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    eligible_countries = models.CharField(max_length=200, blank=True,
                                          help_text="Two-letter country codes separated by commas; empty = anywhere.")
    minimum_age = models.PositiveSmallIntegerField(default=18)
    winners_count = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                            MaxValueValidator(100)])
    needs_purchase = models.BooleanField(default=False, help_text="Even then, the free entry form always counts.")
    seed = EncryptedCharField(max_length=64, help_text="Secret until the draw; only its SHA-256 is published.")
    commitment = models.CharField(max_length=64, help_text="SHA-256 (hex) of the seed, published when entry opens.")
    drawn_at = models.DateTimeField(null=True, blank=True)
    published_seed = models.CharField(max_length=64, blank=True, help_text="The seed, published at the draw.")
    entry_ids = models.JSONField(default=list, blank=True, help_text="Every entry id at the draw, sorted.")
    winner_ids = models.JSONField(default=list, blank=True, help_text="The winners' entry ids, in drawn order.")
    skipped_ids = models.JSONField(default=list, blank=True,
                                   help_text="Drawn entry ids passed over: withdrawn, or a winner who did not answer.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                              name="contest_closes_after_opening")]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at and self.drawn_at is None

    @property
    def countries(self) -> list[str]:
        return [code.strip().upper() for code in self.eligible_countries.split(",") if code.strip()]


class ContestEntry(models.Model):
    """One entry to a contest, kept apart (P-30): linked to no account or order, the email encrypted and
    looked up by its keyed hash, one entry per address per contest."""

    class Status(models.TextChoices):
        ENTERED = "entered", "Entered"
        WINNER = "winner", "Drawn as a winner"
        LAPSED = "lapsed", "Drawn, but did not answer in time"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    public_id = models.CharField(max_length=16, unique=True, help_text="Random; published in the list of entries.")
    email = EncryptedEmailField(max_length=254)
    email_index = BlindIndexField(source="email")
    name = EncryptedCharField(max_length=100, blank=True)
    answer = EncryptedTextField(blank=True, max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENTERED)
    created_at = models.DateTimeField(auto_now_add=True)
    won_at = models.DateTimeField(null=True, blank=True, help_text="When the winner's email was sent.")
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the winner confirmed.")

    class Meta:
        ordering = ["public_id"]
        constraints = [models.UniqueConstraint(fields=["contest", "email_index"],
                                               name="contest_entry_once_per_address")]

    def __str__(self) -> str:
        return f"Entry {self.public_id}"
