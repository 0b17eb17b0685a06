from django.urls import path

from shopkeep.orders import views

app_name = "orders"
urlpatterns = [
    path("return/<str:token>", views.return_form, name="return"),
]
