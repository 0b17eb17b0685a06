from django.urls import path

from shopkeep.backoffice import sales_views

app_name = "backoffice_sales"
urlpatterns = [
    path("sales/", sales_views.sales, name="sales"),
    path("sales/<slug:table>.csv", sales_views.sales_export, name="export"),
    path("surveys/", sales_views.survey_answers, name="surveys"),
]
