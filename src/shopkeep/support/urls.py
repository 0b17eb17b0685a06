from django.urls import path

from shopkeep.support import views

app_name = "support"
urlpatterns = [
    path("help/", views.help_index, name="help"),
    path("help/articles/<slug:slug>/", views.article, name="article"),
    path("help/contact/", views.contact, name="contact"),
    path("account/support/", views.my_requests, name="my_requests"),
    path("account/support/<str:reference>/", views.my_request, name="my_request"),
]
