from django.urls import path

from shopkeep.catalog import views

app_name = "catalog"
urlpatterns: list = []
