"""Back-office screens for shipping zones, methods and rates, and VAT rates (owner only), all kept with history."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from shopkeep.addresses.definition import country_name
from shopkeep.backoffice.settings_forms import MethodForm, VatForm, ZoneForm
from shopkeep.catalog.models import TaxClass
from shopkeep.conf import conf
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.pricing.selectors import delivery_countries
from shopkeep.pricing.services import pricing_history, shop_data_delete, shop_data_save
from shopkeep.privacy.roles import Role, role_required


@require_GET
@role_required(Role.OWNER)
def shipping(request):
    zones = ShippingZone.objects.prefetch_related(Prefetch("methods", ShippingMethod.objects.order_by("position",
                                                                                                        "price")))
    return render(request, "backoffice/settings/shipping.html", {
        "zones": [(zone, [country_name(code) for code in zone.countries]) for zone in zones],
        "delivery_count": len(delivery_countries()), "currency": conf.currency,
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def zone_edit(request, pk: int | None = None):
    zone = get_object_or_404(ShippingZone, pk=pk) if pk else None
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        shop_data_save(instance=form.instance, by=request.user)
        messages.success(request, f"The zone “{form.instance.name}” is saved"
                                  + ("" if form.instance.methods.exists() else ": add a shipping method so customers "
                                                                               "can choose its countries") + ".")
        return redirect("backoffice_settings:shipping")
    return render(request, "backoffice/settings/edit.html", {
        "form": form, "title": zone.name if zone else "New shipping zone", "object": zone,
        "delete_url": "backoffice_settings:zone_delete" if zone else "",
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def method_edit(request, pk: int | None = None):
    method = get_object_or_404(ShippingMethod, pk=pk) if pk else None
    initial = {"zone": request.GET.get("zone"), "currency": conf.currency} if method is None else None
    form = MethodForm(request.POST or None, instance=method, initial=initial)
    if request.method == "POST" and form.is_valid():
        shop_data_save(instance=form.instance, by=request.user)
        messages.success(request, f"The shipping method “{form.instance.name}” is saved; checkout uses it now.")
        return redirect("backoffice_settings:shipping")
    return render(request, "backoffice/settings/edit.html", {
        "form": form, "title": method.name if method else "New shipping method", "object": method,
        "delete_url": "backoffice_settings:method_delete" if method else "",
        "note": f"Prices in {conf.currency}, VAT included. “Flat rate, free from an amount” is free when the items "
                "(after discounts) cost at least the amount.",
    }, status=400 if request.method == "POST" else 200)


def _delete(request, instance, *, what: str, consequence: str):
    if request.method == "POST":
        shop_data_delete(instance=instance, by=request.user)
        messages.success(request, f"The {what} “{instance}” is deleted.")
        return redirect("backoffice_settings:shipping" if what != "VAT rate" else "backoffice_settings:vat")
    return render(request, "backoffice/settings/delete.html", {"object": instance, "what": what,
                                                               "consequence": consequence})


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def zone_delete(request, pk: int):
    zone = get_object_or_404(ShippingZone, pk=pk)
    return _delete(request, zone, what="shipping zone",
                   consequence=f"Its {zone.methods.count()} shipping method(s) go with it, and customers can no longer "
                               f"choose its countries ({', '.join(zone.countries)}) at checkout.")


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def method_delete(request, pk: int):
    method = get_object_or_404(ShippingMethod, pk=pk)
    return _delete(request, method, what="shipping method",
                   consequence="Checkout no longer offers it; orders already placed keep their shipping price. "
                               "To stop offering it for a while, untick “Offered at checkout” instead.")


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def vat(request):
    rates: dict[str, dict[str, VatRate]] = {}
    for rate in VatRate.objects.all():
        rates.setdefault(rate.country, {})[rate.tax_class] = rate
    chosen = (request.POST.get("country") or request.GET.get("country") or "").upper()
    existing = rates.get(chosen, {})
    form = VatForm(request.POST or None, initial={"country": chosen, **{
        tax_class: rate.rate for tax_class, rate in existing.items()}})
    if request.method == "POST" and form.is_valid():
        country = form.cleaned_data["country"]
        changed = 0
        for tax_class in TaxClass.values:
            value = form.cleaned_data[tax_class]
            rate = rates.get(country, {}).get(tax_class)
            if value is None:
                continue
            if rate is None or rate.rate != value:
                rate = rate or VatRate(country=country, tax_class=tax_class)
                rate.rate = value
                shop_data_save(instance=rate, by=request.user)
                changed += 1
        messages.success(request, f"VAT rates of {country_name(country)}: {changed} changed.")
        return redirect("backoffice_settings:vat")
    table = [(code, country_name(code), [by_class.get(tc) for tc in TaxClass.values])
             for code, by_class in sorted(rates.items(), key=lambda item: country_name(item[0]))]
    return render(request, "backoffice/settings/vat.html", {
        "form": form, "table": table, "tax_classes": TaxClass.choices, "shop_country": conf.shop_country,
    }, status=400 if request.method == "POST" else 200)


@require_GET
@role_required(Role.OWNER)
def history(request):
    return render(request, "backoffice/settings/history.html", {"changes": pricing_history(limit=200)})
