from django.urls import path

from shopkeep.catalog import views

app_name = "catalog"
urlpatterns = [
    path("c/<slug:slug>/", views.category, name="category"),
    path("p/<slug:slug>/", views.product, name="product"),
    path("p/<slug:slug>/image.svg", views.product_image, name="product_image"),
    path("p/<slug:slug>/pictures/<str:token>-<int:width>.webp", views.product_picture, name="product_picture"),
    path("p/<slug:slug>/documents/<int:pk>/<str:filename>", views.product_document, name="product_document"),
    path("search/", views.search, name="search"),
]
