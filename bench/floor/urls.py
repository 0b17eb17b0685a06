from django.urls import path

from bench.floor import views

urlpatterns = [path("hello", views.hello), path("rows", views.rows)]
