from django.urls import path

from shopkeep.storefront import shop_pages

app_name = "pages"
urlpatterns = [
    path("contact/", shop_pages.contact, name="contact"),
    path("terms/", shop_pages.terms, name="terms"),
    path("shipping-and-returns/", shop_pages.shipping_returns, name="shipping_returns"),
    path("withdrawal/", shop_pages.withdrawal, name="withdrawal"),
]
