from django.urls import path

from shopkeep.orders import views

app_name = "orders"
urlpatterns = [
    path("orders/return/<str:token>", views.return_form, name="return"),
    path("account/orders/", views.account_orders, name="account_orders"),
    path("account/orders/<str:number>/", views.account_order, name="account_order"),
]
