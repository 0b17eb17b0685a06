from django.urls import path

from shopkeep.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.policy, name="policy"),
    path("privacy/changes/", views.changes, name="changes"),
    path("privacy/promises/", views.promises, name="promises"),
    path("cookies/", views.cookies, name="cookies"),
]
