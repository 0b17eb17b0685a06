from django.urls import path

from shopkeep.checkout import views

app_name = "checkout"
urlpatterns = [
    path("", views.details, name="details"),
    path("delivery/", views.delivery, name="delivery"),
    path("payment/", views.payment, name="payment"),
    path("payment/return/", views.payment_return, name="payment_return"),
    path("review/", views.review, name="review"),
    path("place/", views.place, name="place"),
    path("order/<str:token>/", views.confirmation, name="confirmation"),
]
