from django.urls import path

from shopkeep.backoffice import settings_views as views

app_name = "backoffice_settings"
urlpatterns = [
    path("shipping/", views.shipping, name="shipping"),
    path("shipping/zones/new/", views.zone_edit, name="zone_new"),
    path("shipping/zones/<int:pk>/", views.zone_edit, name="zone_edit"),
    path("shipping/zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
    path("shipping/methods/new/", views.method_edit, name="method_new"),
    path("shipping/methods/<int:pk>/", views.method_edit, name="method_edit"),
    path("shipping/methods/<int:pk>/delete/", views.method_delete, name="method_delete"),
    path("vat/", views.vat, name="vat"),
    path("history/", views.history, name="history"),
]
