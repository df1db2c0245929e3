"""The sign-in views the throttle needs: login (site and Wagtail's `/_util/login/`), the password
form of a protected page, the password reset that is rate-limited and lifts a lockout, and the
admin screen where editors lift one."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction

from .membership import email_verified
from .permissions import refuse_in_admin
from .throttling import (
    ThrottledAuthenticationForm,
    ThrottledPasswordResetForm,
    ThrottledPasswordViewRestrictionForm,
    cache_errors_logged,
    unlock_account,
)

logger = logging.getLogger(__name__)
UNLOCK_LOG_ACTION = "veldwerk.unlock_sign_in"

TOO_MANY_REQUESTS = 429


class ThrottledStatusMixin:
    """A form refused by the throttle answers 429 Too Many Requests, other invalid forms as before."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = TOO_MANY_REQUESTS
        return response


class SignInView(ThrottledStatusMixin, auth_views.LoginView):
    """`/inloggen/`, and Wagtail's `/_util/login/` for login-restricted pages."""

    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm


class PasswordResetView(ThrottledStatusMixin, auth_views.PasswordResetView):
    """`/wachtwoord/vergeten/`: at most PASSWORD_RESET_RATE_LIMIT_PER_* mails; the Wagtail admin's
    "forgot password" leads here too."""

    template_name = "accounts/form_page.html"
    form_class = ThrottledPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a password from an e-mailed link (an invitation or a password reset) proves the person
    owns the account and its address: the address is recorded as verified (which confirms an invited
    membership and applies the e-mail domain rule) and sign-in locks on the account are lifted."""

    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            email_verified(form.user)
        with cache_errors_logged():
            unlock_account(form.user.get_username())
        return response


def authenticate_with_page_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for a protected page (wagtail.views.authenticate_with_password),
    with wrong passwords counted per page and client (PAGE_PASSWORD_THROTTLE)."""
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    if request.method == "POST":
        form = ThrottledPasswordViewRestrictionForm(request.POST, instance=restriction, request=request)
        if form.is_valid():
            return_url = form.cleaned_data["return_url"]
            if not url_has_allowed_host_and_scheme(return_url, request.get_host(), request.is_secure()):
                return_url = settings.LOGIN_REDIRECT_URL
            restriction.mark_as_passed(request)
            return redirect(return_url)
    else:
        form = ThrottledPasswordViewRestrictionForm(instance=restriction, request=request)
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    if form.has_error("password", "throttled"):
        response.status_code = TOO_MANY_REQUESTS
    add_never_cache_headers(response)
    return response


class UnlockForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)


class UnlockSignInView(WagtailAdminTemplateMixin, FormView):
    """Wagtail admin, Settings → "Unlock sign-in": editors lift every sign-in lock on an account,
    as `manage.py unlock_account` does; the unlock is written to the account's history."""

    template_name = "accounts/admin_unlock.html"
    form_class = UnlockForm
    page_title = gettext_lazy("Unlock sign-in")
    header_icon = "lock-open"

    def dispatch(self, request, *args, **kwargs):
        if (refusal := refuse_in_admin(request, "unlock_sign_in")) is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        username = form.cleaned_data["username"].strip()
        try:
            unlock_account(username)
        except Exception:
            logger.exception("Throttle cache unavailable: %s not unlocked", username)
            messages.error(self.request, _("The sign-in counters cannot be reached right now. Try again in a moment."))
            return redirect("unlock_sign_in")
        User = get_user_model()
        account = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
        if account is not None:
            log(instance=account, action=UNLOCK_LOG_ACTION, user=self.request.user)
        messages.success(self.request, _("Sign-in locks on %(username)s have been lifted.") % {"username": username})
        return redirect("unlock_sign_in")
