from django.urls import path

from shopkeep.backoffice import catalog_views as views

app_name = "backoffice_catalog"
urlpatterns = [
    path("", views.product_list, name="products"),
    path("products/new/", views.product_edit, name="product_new"),
    path("products/<int:pk>/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/publish", views.product_publish_view, name="product_publish"),
    path("products/<int:pk>/delete/", views.product_delete_view, name="product_delete"),
    path("products/<int:pk>/pictures/", views.picture_add, name="picture_add"),
    path("products/<int:pk>/pictures/<int:picture_pk>", views.picture_action, name="picture_action"),
    path("stock/", views.stock, name="stock"),
    path("stock/<int:pk>/", views.stock_variant, name="stock_variant"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_edit, name="category_new"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/action", views.category_action, name="category_action"),
    path("export.csv", views.export_csv, name="export"),
    path("import/", views.import_csv, name="import"),
]
