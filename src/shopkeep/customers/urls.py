from django.urls import path

from shopkeep.customers import views

app_name = "customers"
urlpatterns: list = []
