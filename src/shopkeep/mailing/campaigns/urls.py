from django.urls import path

from shopkeep.mailing.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("survey/preferences/", views.survey_preferences, name="survey_preferences"),
    path("survey/<str:token>/", views.survey, name="survey"),
]
