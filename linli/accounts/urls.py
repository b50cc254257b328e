from django.urls import path

from linli.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LinliLoginView.as_view(), name="login"),
    path("logout/", views.LinliLogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("password/", views.password_change_view, name="password_change"),
    path("", views.profile, name="profile"),
    path("tokens/", views.token_create_view, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("people/", views.users, name="users"),
    path("people/new/", views.user_create_view, name="user_create"),
    path("people/<int:pk>/", views.user_detail, name="user_detail"),
    path("people/<int:pk>/grants/", views.grant_create_view, name="grant_create"),
    path("people/<int:pk>/grants/<int:grant_pk>/revoke/", views.grant_revoke_view, name="grant_revoke"),
    path("people/<int:pk>/password-reset/", views.password_reset_view, name="password_reset"),
    path("people/<int:pk>/authenticator-reset/", views.totp_reset_view, name="totp_reset"),
    path("people/<int:pk>/deactivate/", views.deactivate_view, name="deactivate"),
    path("people/<int:pk>/reactivate/", views.reactivate_view, name="reactivate"),
    path("reveal/<str:kind>/<str:pk>/", views.reveal, name="reveal"),
]
