from django.urls import path

from shopkeep.backoffice import home_views, practices_views, views

app_name = "backoffice"
urlpatterns = [
    path("", home_views.home, name="home"),
    path("practices/", practices_views.practices, name="practices"),
    path("practices/publish/", practices_views.practices_publish_view, name="practices_publish"),
    path("dispatch/", views.dispatch_list, name="dispatch_list"),
    path("dispatch/<str:number>/", views.dispatch_order, name="dispatch_order"),
    path("orders/<str:number>/delivered", views.order_delivered, name="order_delivered"),
    path("orders/<str:number>/cancel", views.order_cancel, name="order_cancel"),
    path("fraud/", views.fraud_list, name="fraud_list"),
    path("fraud/<str:number>/", views.fraud_review, name="fraud_review"),
    path("returns/", views.returns_list, name="returns_list"),
    path("returns/<int:pk>/", views.return_handle, name="return_handle"),
    path("terminal/", views.terminal, name="terminal"),
    path("terminal/return/<str:token>", views.terminal_return, name="terminal_return"),
]
