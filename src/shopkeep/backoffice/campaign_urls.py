from django.urls import path

from shopkeep.backoffice import campaign_views as views

app_name = "backoffice_campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_edit, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/test/", views.campaign_test, name="test"),
    path("<int:pk>/send/", views.campaign_send, name="send"),
    path("coupons/", views.coupon_list, name="coupons"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/new/", views.contest_edit, name="contest_new"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("contests/<int:pk>/edit/", views.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/draw/", views.contest_draw_run, name="contest_draw"),
]
