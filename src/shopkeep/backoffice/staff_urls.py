from django.urls import path

from shopkeep.backoffice import staff_views as views

app_name = "backoffice_staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("invite", views.staff_invite_view, name="invite"),
    path("<int:pk>/", views.staff_edit, name="edit"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
]
