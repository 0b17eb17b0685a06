from django.urls import path

from shopkeep.cart import views

app_name = "cart"
urlpatterns: list = []
