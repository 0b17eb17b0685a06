from django.urls import path

from shopkeep.checkout import views

app_name = "checkout"
urlpatterns: list = []
