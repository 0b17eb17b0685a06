"""Shipping zones, methods and VAT rates are edited by the shop in the admin."""

from django.contrib import admin

from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate


class ShippingMethodInline(admin.TabularInline):
    model = ShippingMethod
    extra = 0


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "countries", "position")
    inlines = [ShippingMethodInline]


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "zone", "kind", "price", "free_over", "is_active", "position")
    list_filter = ("zone", "is_active")


@admin.register(VatRate)
class VatRateAdmin(admin.ModelAdmin):
    list_display = ("country", "tax_class", "rate")
    list_filter = ("tax_class",)
