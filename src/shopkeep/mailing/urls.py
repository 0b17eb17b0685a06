from django.urls import path

from shopkeep.mailing import views

app_name = "mailing"
urlpatterns = [
    path("newsletter/", views.newsletter, name="newsletter"),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path("u/<str:token>", views.unsubscribe, name="unsubscribe"),
    path("hooks/inbound-email", views.inbound_email, name="inbound_email"),
]
