from django.urls import path

from shopkeep.mailing.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("survey/preferences/", views.survey_preferences, name="survey_preferences"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/<int:pk>/", views.contest, name="contest"),
    path("contests/<int:pk>/entry-ids.txt", views.contest_entry_ids, name="contest_entry_ids"),
    path("contests/withdraw/<str:token>/", views.contest_withdraw, name="contest_withdraw"),
    path("contests/won/<str:token>/", views.contest_winner, name="contest_winner"),
]
