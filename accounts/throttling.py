"""Throttling of login attempts per username and per client address.

Counts live in Django's cache; production with several processes needs a shared cache
(CACHES setting) for the limit to hold across them.
"""

import math

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm


def limits():
    return settings.LOGIN_THROTTLE  # attempts, seconds


def throttle_keys(request, username):
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return [f"login-failures:user:{str(username).lower()[:150]}", f"login-failures:address:{address}"]


def is_throttled(request, username):
    attempts, _window = limits()
    return any(cache.get(key, 0) >= attempts for key in throttle_keys(request, username))


def record_failure(request, username):
    _attempts, window = limits()
    for key in throttle_keys(request, username):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def forget_failures(request, username):
    cache.delete_many(throttle_keys(request, username))


class LoginThrottlingMixin:
    """For login forms: refuse after too many failures for the username or the address."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if is_throttled(self.request, username):
            minutes = math.ceil(limits()[1] / 60)
            raise ValidationError(
                _("Too many failed attempts. Wait %(minutes)d minutes, or reset your password.") % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(self.request, username)
            raise
        forget_failures(self.request, username)
        return cleaned


class ThrottledAuthenticationForm(LoginThrottlingMixin, AuthenticationForm):
    """The public site's login form."""


class ThrottledAdminLoginForm(LoginThrottlingMixin, LoginForm):
    """The Wagtail admin's login form (WAGTAILADMIN_USER_LOGIN_FORM)."""
