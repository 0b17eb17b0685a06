from django.urls import path

from shopkeep.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.policy, name="policy"),
    path("privacy/changes/", views.changes, name="changes"),
    path("privacy/promises/", views.promises, name="promises"),
    path("cookies/", views.cookies, name="cookies"),
    path("privacy/request/", views.guest_request, name="guest_request"),
    path("privacy/request/sent/", views.guest_sent, name="guest_sent"),
    path("privacy/request/open/<str:token>/", views.guest_open, name="guest_open"),
    path("privacy/request/data/<str:session>/", views.guest_data, name="guest_data"),
    path("privacy/export/<str:token>/", views.export_download, name="export_download"),
    path("privacy/erasure/cancel/<str:token>/", views.erasure_cancel, name="erasure_cancel"),
]
