"""Daily roll-ups of page views (P-10). Aggregates only: no raw event, IP, user agent or visitor hash."""

from django.db import models


class Conversion(models.TextChoices):
    CART_ADD = "cart_add", "Cart additions"
    CHECKOUT_START = "checkout_start", "Checkouts started"
    ORDER_PLACED = "order_placed", "Orders placed"


class DayTotal(models.Model):
    """One row per day: page views, unique visitors (per day), bot views and private (GPC/DNT) views."""

    day = models.DateField(unique=True)
    views = models.PositiveBigIntegerField(default=0)
    visitors = models.PositiveBigIntegerField(default=0)
    bot_views = models.PositiveBigIntegerField(default=0)
    private_views = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.views} views"


class DayCount(models.Model):
    """A page-view count for one value of one dimension on one day."""

    day = models.DateField()
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {getattr(self, self.dimension)}: {self.views}"


class DayPath(DayCount):
    dimension = "path"
    path = models.CharField(max_length=300)

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="analytics_daypath_unique")]


class DayReferrer(DayCount):
    dimension = "domain"
    domain = models.CharField(max_length=253)

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "domain"], name="analytics_dayreferrer_unique")]


class DayCountry(DayCount):
    dimension = "country"
    country = models.CharField(max_length=2, help_text="ISO 3166 code; '--' when unknown.")

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "country"], name="analytics_daycountry_unique")]


class DayBrowser(DayCount):
    dimension = "browser"
    browser = models.CharField(max_length=60)

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "browser"], name="analytics_daybrowser_unique")]


class DayPlatform(DayCount):
    dimension = "platform"
    platform = models.CharField(max_length=60)

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "platform"], name="analytics_dayplatform_unique")]


class DayDevice(DayCount):
    dimension = "device"
    device = models.CharField(max_length=10)

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "device"], name="analytics_daydevice_unique")]


class DayHour(DayCount):
    dimension = "hour"
    hour = models.PositiveSmallIntegerField()

    class Meta(DayCount.Meta):
        constraints = [models.UniqueConstraint(fields=["day", "hour"], name="analytics_dayhour_unique")]


class DayConversion(models.Model):
    """Counts only: how many cart additions, checkouts started and orders placed on a day."""

    day = models.DateField()
    kind = models.CharField(max_length=20, choices=Conversion.choices)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day", "kind"], name="analytics_dayconversion_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.count}"


DIMENSION_MODELS = {
    "path": DayPath,
    "referrer": DayReferrer,
    "country": DayCountry,
    "browser": DayBrowser,
    "platform": DayPlatform,
    "device": DayDevice,
    "hour": DayHour,
}
ALL_MODELS = [DayTotal, *DIMENSION_MODELS.values(), DayConversion]
