"""One throttle for every way in: sign-in, page passwords, password-reset and invitation mails.

Sign-in failures are counted per account and client, per account across all clients and per
client across all accounts (limits in the LOGIN_THROTTLE_* settings). The counting happens in
the authentication backend, so every form that calls Django's `authenticate()` (the site's
`/inloggen/`, Wagtail's `/admin/login/` and `/_util/login/`) shares it; the forms below only turn
a refusal into a message that states the minutes. Counters live in the cache alias "throttle",
which production requires to be shared (Redis) so the limits hold across server processes.
See the README, section "Sign-in throttling".
"""

import hashlib
import ipaddress
import logging
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm
from wagtail.forms import PasswordViewRestrictionForm

THROTTLE_CACHE = "throttle"
logger = logging.getLogger(__name__)


def client_address(request):
    """The address of the client behind TRUSTED_PROXY_COUNT proxies.

    With 0 (the default) it is REMOTE_ADDR and X-Forwarded-For is ignored, since anyone can send
    it. With N, each trusted proxy appended the address it saw, so the Nth entry from the right
    is the one the outermost trusted proxy saw; anything left of it may be forged.
    """
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return address


def client_key(request):
    """The client as the throttle counts it: its address, an IPv6 address by its /64 network
    (one subscriber's whole range), anything unparsable as "unknown"."""
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _digest(value):
    return hashlib.sha256(str(value).strip().casefold().encode()).hexdigest()[:32]


def _cache():
    return caches[THROTTLE_CACHE]


def whole_minutes(seconds):
    """Seconds as the whole minutes a person is told to wait (at least one)."""
    return math.ceil(max(seconds, 1) / 60)


class Counter:
    """Events counted in a fixed window (`limit` per `window` seconds) in the throttle cache."""

    def __init__(self, name, limit, window, forget_on_success=False):
        self.key = f"throttle:{name}"
        self.until_key = f"{self.key}:until"
        self.limit, self.window = limit, window
        self.forget_on_success = forget_on_success

    def add(self):
        """Count one event and return the count, starting a window when there is none."""
        cache = _cache()
        if cache.add(self.key, 0, self.window):
            cache.set(self.until_key, time.time() + self.window, self.window)
        try:
            count = cache.incr(self.key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(self.key, 1, self.window)
            cache.set(self.until_key, time.time() + self.window, self.window)
            count = 1
        if count <= 1:
            # Redis INCR and DECR on a key that just expired create one without expiry; give it one.
            cache.touch(self.key, self.window)
        return count

    def remove(self):
        """Take back one event counted by add()."""
        try:
            _cache().decr(self.key)
        except ValueError:
            pass

    def reset(self):
        _cache().delete_many([self.key, self.until_key])

    def lock_from_now(self):
        """Make the current window last a full window from now (a lock lasts as long as promised)."""
        cache = _cache()
        cache.touch(self.key, self.window)
        cache.set(self.until_key, time.time() + self.window, self.window)

    def seconds_left(self):
        until = _cache().get(self.until_key)
        return until - time.time() if until else self.window


@dataclass
class Refusal:
    """Why a throttled action was refused and for how long; `message` is what the person reads."""

    reason: str
    seconds: float

    @property
    def minutes(self):
        return whole_minutes(self.seconds)

    @property
    def message(self):
        minutes = self.minutes
        texts = {
            "account_and_client": ngettext(
                "Too many failed attempts. Wait %(minutes)d minute, or reset your password.",
                "Too many failed attempts. Wait %(minutes)d minutes, or reset your password.",
                minutes,
            ),
            "account": ngettext(
                "This account is locked after too many failed attempts. Wait %(minutes)d minute, "
                "reset your password or ask an editor to unlock it.",
                "This account is locked after too many failed attempts. Wait %(minutes)d minutes, "
                "reset your password or ask an editor to unlock it.",
                minutes,
            ),
            "client": ngettext(
                "Too many failed attempts from your network. Wait %(minutes)d minute.",
                "Too many failed attempts from your network. Wait %(minutes)d minutes.",
                minutes,
            ),
            "page_password": ngettext(
                "Too many wrong passwords for this page. Wait %(minutes)d minute.",
                "Too many wrong passwords for this page. Wait %(minutes)d minutes.",
                minutes,
            ),
            "password_reset": ngettext(
                "Too many requests for a new password. Wait %(minutes)d minute and try again.",
                "Too many requests for a new password. Wait %(minutes)d minutes and try again.",
                minutes,
            ),
            "invitation": ngettext(
                "You have sent too many invitations in a short time. Wait %(minutes)d minute.",
                "You have sent too many invitations in a short time. Wait %(minutes)d minutes.",
                minutes,
            ),
        }
        return texts[self.reason] % {"minutes": minutes}


class Attempt:
    """One attempt against a set of (reason, Counter) limits.

    `begin()` counts the attempt in every counter at once (atomic increments, so parallel
    requests cannot slip past a limit) and takes it back if any limit is exceeded. A login then
    reports `failed()` (the counts stay) or `succeeded()` (the attempt is taken back, and the
    counters marked forget_on_success start again).
    """

    def __init__(self, limits):
        self.limits = limits
        self.counts = []

    def begin(self):
        if not settings.THROTTLING:
            return None
        try:
            return self._begin()
        except Exception:  # the cache is down: let people in rather than answer with a 500
            logger.exception("Throttle cache unavailable: %s not counted", ", ".join(reason for reason, _ in self.limits))
            self.counts = []
            return None

    def _begin(self):
        self.counts = [counter.add() for _reason, counter in self.limits]
        exceeded = [(reason, counter) for (reason, counter), count in zip(self.limits, self.counts) if count > counter.limit]
        if exceeded:
            for _reason, counter in self.limits:
                counter.remove()
            self.counts = []
            reason, counter = max(exceeded, key=lambda item: item[1].seconds_left())
            return Refusal(reason, counter.seconds_left())
        return None

    def failed(self):
        with cache_errors_logged():
            for (_reason, counter), count in zip(self.limits, self.counts):
                if count >= counter.limit:
                    counter.lock_from_now()

    def succeeded(self):
        with cache_errors_logged():
            for _reason, counter in self.limits[: len(self.counts)]:
                counter.reset() if counter.forget_on_success else counter.remove()


@contextmanager
def cache_errors_logged():
    """Log, rather than raise, a failure of the throttle cache: an outage must not turn sign-in into a 500."""
    try:
        yield
    except Exception:
        logger.exception("Throttle cache unavailable")


# Sign-in


def _account_generation(account):
    return _cache().get(f"throttle:login:generation:{account}", 0)


def login_attempt(request, username):
    """The limits one sign-in attempt under `username` from this request's client counts against.

    The account is the user name as typed (case-insensitive), whether or not such an account
    exists, so a refusal never tells whether a name is taken; failures under unknown names only
    fill the typist's own counters and the client's ceiling.
    """
    account, client = _digest(username), client_key(request)
    generation = 0
    with cache_errors_logged():
        generation = _account_generation(account)
    return Attempt([
        ("account_and_client", Counter(
            f"login:account-client:{account}:{generation}:{client}", *settings.LOGIN_THROTTLE_PER_ACCOUNT_AND_CLIENT,
            forget_on_success=True,
        )),
        ("account", Counter(f"login:account:{account}", *settings.LOGIN_THROTTLE_PER_ACCOUNT)),
        ("client", Counter(f"login:client:{client}", *settings.LOGIN_THROTTLE_PER_CLIENT)),
    ])


def unlock_account(username):
    """Lift every sign-in lock on `username`: the account-wide one and those per client.

    Per-client counters cannot be listed in a cache, so the account's generation number, part
    of their keys, moves on and the old counters are no longer read.
    """
    account = _digest(username)
    cache = _cache()
    key = f"throttle:login:generation:{account}"
    cache.add(key, 0, None)
    cache.incr(key)
    Counter(f"login:account:{account}", *settings.LOGIN_THROTTLE_PER_ACCOUNT).reset()


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend behind the sign-in throttle.

    A refused attempt never reaches the password check; the refusal is kept on the request
    (`request.signin_refusal`) so the form can say how long to wait.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        attempt = login_attempt(request, username)
        refusal = attempt.begin()
        if refusal:
            if request is not None:
                request.signin_refusal = refusal
            raise PermissionDenied(refusal.message)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            attempt.failed()
        else:
            attempt.succeeded()
        return user


class LoginThrottlingMixin:
    """For login forms: a refused attempt shows the throttle's message instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            refusal = getattr(self.request, "signin_refusal", None)
            if refusal:
                raise ValidationError(refusal.message, code="throttled") from None
            raise


class ThrottledAuthenticationForm(LoginThrottlingMixin, AuthenticationForm):
    """The public site's login form (`/inloggen/` and `/_util/login/`)."""


class ThrottledAdminLoginForm(LoginThrottlingMixin, LoginForm):
    """The Wagtail admin's login form (WAGTAILADMIN_USER_LOGIN_FORM)."""


# Page passwords, password reset and invitations


class ThrottledPasswordViewRestrictionForm(PasswordViewRestrictionForm):
    """Wagtail's password form for a protected page, counting wrong passwords per page and client.

    The count is per view restriction (the protected page and its subtree share one password).
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        attempt = Attempt([("page_password", Counter(
            f"page-password:{self.restriction.pk}:{client_key(self.request)}", *settings.PAGE_PASSWORD_THROTTLE,
            forget_on_success=True,
        ))])
        refusal = attempt.begin()
        if refusal:
            raise ValidationError(refusal.message, code="throttled")
        try:
            password = super().clean_password()
        except ValidationError:
            attempt.failed()
            raise
        attempt.succeeded()
        return password


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's password-reset form with a limit per e-mail address and per client.

    Requests count whether or not the address has an account, so the refusal reveals nothing.
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not self.errors:
            refusal = Attempt([
                ("password_reset", Counter(f"password-reset:address:{_digest(email)}", *settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS)),
                ("password_reset", Counter(f"password-reset:client:{client_key(self.request)}", *settings.PASSWORD_RESET_RATE_LIMIT_PER_CLIENT)),
            ]).begin()
            if refusal:
                raise ValidationError(refusal.message, code="throttled")
        return cleaned


def invitation_refusal(editor):
    """Count one invitation by `editor`; a Refusal when they have sent INVITATION_RATE_LIMIT already."""
    return Attempt([("invitation", Counter(f"invitation:{editor.pk}", *settings.INVITATION_RATE_LIMIT))]).begin()
