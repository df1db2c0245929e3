from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import signin, views

urlpatterns = [
    path("inloggen/", signin.SignInView.as_view(), name="login"),
    # Wagtail's own sign-in routes (wagtail.urls) served by the throttled views: the login for
    # login-restricted pages and the password form of password-protected pages.
    path("_util/login/", signin.SignInView.as_view(), name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        signin.authenticate_with_page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("profiel/", views.profile, name="profile"),
    path("uitnodigen/", views.invite_person, name="invite_person"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html", success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/message_page.html"),
        name="password_change_done",
    ),
    path("wachtwoord/vergeten/", signin.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/message_page.html"),
        name="password_reset_done",
    ),
    path("wachtwoord/nieuw/<uidb64>/<token>/", signin.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "wachtwoord/nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/message_page.html"),
        name="password_reset_complete",
    ),
]
