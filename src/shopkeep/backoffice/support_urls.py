from django.urls import path

from shopkeep.backoffice import support_views as views

app_name = "backoffice_support"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_edit, name="article_new"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("categories/new/", views.category_edit, name="category_new"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
]
