from django.urls import path

from shopkeep.catalog import views

app_name = "catalog"
urlpatterns = [
    path("c/<slug:slug>/", views.category, name="category"),
    path("p/<slug:slug>/", views.product, name="product"),
    path("p/<slug:slug>/image.svg", views.product_image, name="product_image"),
    path("search/", views.search, name="search"),
]
