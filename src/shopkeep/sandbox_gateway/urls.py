from django.urls import path

from shopkeep.sandbox_gateway import views

app_name = "sandbox_gateway"
urlpatterns: list = []
