from django.urls import path

from shopkeep.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.account, name="account"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("register/confirm/<str:token>/", views.register_confirm, name="register_confirm"),
    path("privacy/", views.privacy_center, name="privacy"),
    path("password/", views.password_change, name="password_change"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("logged-out/", views.logged_out, name="logged_out"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<str:uidb64>/<str:token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("locked/", views.locked, name="locked"),
    path("confirm-password/", views.confirm_password, name="confirm_password"),
    path("second-factor/set-up/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/turn-off/", views.second_factor_off, name="second_factor_off"),
    path("addresses/", views.addresses, name="addresses"),
    path("addresses/add/", views.address_add, name="address_add"),
    path("addresses/<int:address_id>/edit/", views.address_edit, name="address_edit"),
    path("addresses/<int:address_id>/delete/", views.address_delete, name="address_delete"),
]
