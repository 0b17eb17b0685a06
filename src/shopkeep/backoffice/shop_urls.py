from django.urls import path

from shopkeep.backoffice import shop_views as views

app_name = "backoffice_shop"
urlpatterns = [
    path("", views.settings_home, name="home"),
    path("identity/", views.identity_edit, name="identity"),
    path("pages/<slug:key>/", views.page_edit, name="page"),
    path("documents/", views.documents, name="documents"),
    path("erasure/", views.erasure, name="erasure"),
    path("documents/<int:pk>/delete", views.document_delete, name="document_delete"),
]
