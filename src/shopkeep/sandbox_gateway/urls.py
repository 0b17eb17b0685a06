from django.urls import path

from shopkeep.sandbox_gateway import views

app_name = "sandbox_gateway"
urlpatterns = [
    path("pay/<str:session>/", views.pay, name="pay"),
    path("tokens", views.tokens, name="tokens"),
]
