"""Signing in and out and passwords, under /accounts/: Django's views and templates in the
site's style (lisa/templates/registration), some of them in LISA's versions."""

from django.urls import include, path

from lisa.accounts import views

urlpatterns = [
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", include("django.contrib.auth.urls")),
]
