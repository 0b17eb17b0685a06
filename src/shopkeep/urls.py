from django.urls import include, path

from shopkeep.api.root import api
from shopkeep.health import healthz

urlpatterns = [
    path("", include("shopkeep.storefront.urls")),
    path("", include("shopkeep.storefront.shop_page_urls")),
    path("", include("shopkeep.catalog.urls")),
    path("", include("shopkeep.privacy.urls")),
    path("", include("shopkeep.mailing.urls")),
    path("", include("shopkeep.mailing.campaigns.urls")),
    path("", include("shopkeep.support.urls")),
    path("cart/", include("shopkeep.cart.urls")),
    path("checkout/", include("shopkeep.checkout.urls")),
    path("account/", include("shopkeep.customers.urls")),
    path("", include("shopkeep.orders.urls")),
    path("sandbox-gateway/", include("shopkeep.sandbox_gateway.urls")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("backoffice/stats/", include("shopkeep.backoffice.sales_urls")),
    path("backoffice/stats/", include("shopkeep.analytics.urls")),
    path("backoffice/campaigns/", include("shopkeep.backoffice.campaign_urls")),
    path("backoffice/support/", include("shopkeep.backoffice.support_urls")),
    path("backoffice/shop/", include("shopkeep.backoffice.shop_urls")),
    path("backoffice/catalog/", include("shopkeep.backoffice.catalog_urls")),
    path("backoffice/settings/", include("shopkeep.backoffice.settings_urls")),
    path("backoffice/staff/", include("shopkeep.backoffice.staff_urls")),
    path("backoffice/", include("shopkeep.backoffice.order_urls")),
    path("backoffice/", include("shopkeep.backoffice.urls")),
]

# Staff get the back office's styled 403 page; customers and visitors the shop's, which tells them nothing more.
handler403 = "shopkeep.backoffice.home_views.forbidden"
