"""The back-office home: each role sees the cards of its own work queues only, and the styled 403 page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from shopkeep.catalog.models import Product, Variant
from shopkeep.mailing.campaigns.models import Campaign
from shopkeep.orders import fulfilment
from shopkeep.orders.models import ReturnRequest
from shopkeep.pricing.models import ShippingZone
from shopkeep.privacy.roles import Role, role_required, user_has_role, user_roles
from shopkeep.support.models import Ticket
from shopkeep.upkeep.jobs import upkeep_status

LOW_STOCK = 3


def _cards(user) -> list[dict]:
    """The cards of the queues and screens `user`'s role may open, each with its count or summary."""
    cards = []

    def add(role: str, title: str, url: str, summary) -> None:
        if user_has_role(user, role):
            cards.append({"title": title, "url": url, "summary": summary()})

    add(Role.FULFILMENT, "Dispatch", "backoffice:dispatch_list",
        lambda: f"{fulfilment.orders_to_dispatch().count()} order(s) to send.")
    add(Role.FULFILMENT, "Stock", "backoffice_catalog:stock",
        lambda: f"{Variant.objects.filter(stock__lte=LOW_STOCK, product__is_active=True).count()} size(s) with "
                f"{LOW_STOCK} or fewer in stock.")
    add(Role.CUSTOMER_SERVICE, "Fraud review", "backoffice:fraud_list",
        lambda: f"{fulfilment.orders_on_hold().count()} order(s) on hold.")
    add(Role.CUSTOMER_SERVICE, "Returns", "backoffice:returns_list",
        lambda: f"{ReturnRequest.objects.filter(status=ReturnRequest.Status.REQUESTED).count()} return(s) waiting.")
    add(Role.CUSTOMER_SERVICE, "Support", "backoffice_support:list",
        lambda: f"{Ticket.objects.filter(status=Ticket.Status.OPEN).count()} request(s) waiting for an answer.")
    add(Role.BILLING, "Phone order", "backoffice:terminal", lambda: "Take an order and a card payment by phone.")
    add(Role.MARKETING, "Statistics", "analytics:dashboard", lambda: "Visits, pages, referrers and conversions.")
    add(Role.MARKETING, "Campaigns", "backoffice_campaigns:list",
        lambda: f"{Campaign.objects.count()} newsletter campaign(s).")
    add(Role.OWNER, "Catalogue", "backoffice_catalog:products",
        lambda: f"{Product.objects.filter(is_active=True).count()} published, "
                f"{Product.objects.filter(is_active=False).count()} hidden product(s).")
    add(Role.OWNER, "Shipping and VAT", "backoffice_settings:shipping",
        lambda: f"{ShippingZone.objects.count()} shipping zone(s).")
    add(Role.OWNER, "Staff", "backoffice_staff:list", lambda: "Invite staff, give roles, deactivate accounts.")
    add(Role.OWNER, "Shop settings", "backoffice_shop:home", lambda: "Identity, shop pages and product documents.")
    return cards


@require_GET
@role_required(*Role.values)
def home(request):
    roles = user_roles(request.user)
    label = Role.OWNER.label if Role.OWNER in roles else ", ".join(Role(r).label for r in Role.values if r in roles)
    return render(request, "backoffice/home.html", {
        "cards": _cards(request.user), "role_label": label,
        "upkeep": upkeep_status() if Role.OWNER in roles else None,
    })


def forbidden(request, exception=None):
    """The 403 page: the back office's own for staff, the shop's for everyone else (who learn nothing more)."""
    template = "backoffice/403.html" if user_roles(request.user) else "storefront/403.html"
    return render(request, template, status=403)
