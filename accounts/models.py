from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ALL_ROLES


class Profile(models.Model):
    """What Veldwerk knows of a person beyond their login: whether their e-mail address was proven.

    The municipality someone works for is a `Membership`, granted by editors, not a field chosen here.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    verified_email = models.EmailField(
        _("verified e-mail address"), blank=True,
        help_text=_("The address this person proved to receive mail at, by accepting an invitation or a password reset."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def roles(self):
        return [group.name for group in self.user.groups.all() if group.name in ALL_ROLES]

    @property
    def email_is_verified(self):
        """True while the account's current address is the one that was proven."""
        return bool(self.verified_email) and self.verified_email.lower() == (self.user.email or "").lower()

    @property
    def membership(self):
        return membership_of(self.user)

    @property
    def municipality(self):
        """The municipality this person is a confirmed member of, or None (a request grants nothing)."""
        return confirmed_municipality(self.user)


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")
    REVOKED = "revoked", _("revoked")


class GrantedThrough(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    EDITOR = "editor", _("editor")
    EMAIL_DOMAIN = "email_domain", _("verified e-mail domain")


class Membership(models.Model):
    """That a person works for a municipality. Only a confirmed membership lets them speak for it
    (register its adoptions); editors confirm it, by invitation, by approving a request, or through
    the municipality's e-mail domains. Every change is written to the audit log (accounts/membership.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="membership"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    granted_through = models.CharField(_("granted through"), max_length=20, choices=GrantedThrough.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The editor who invited, confirmed, refused or revoked; empty for the e-mail domain rule."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality membership")
        verbose_name_plural = _("municipality memberships")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} – {self.municipality}"

    @property
    def is_confirmed(self):
        return self.status == MembershipStatus.CONFIRMED


class MunicipalityEmailDomain(models.Model):
    """An e-mail domain that only this municipality's staff use: a verified address at it confirms
    the membership without an editor's approval."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE,
        related_name="email_domains",
    )
    domain = models.CharField(
        _("e-mail domain"), max_length=253, unique=True,
        help_text=_("The part after the @, e.g. groningen.nl. Only exactly this domain counts, not its subdomains."),
    )

    class Meta:
        verbose_name = _("municipal e-mail domain")
        verbose_name_plural = _("municipal e-mail domains")
        ordering = ["domain"]

    def __str__(self):
        return f"{self.domain} ({self.municipality})"

    def clean(self):
        self.domain = (self.domain or "").strip().lower().lstrip("@")
        labels = self.domain.split(".")
        if "@" in self.domain or len(labels) < 2 or not all(labels):
            raise ValidationError({"domain": _("Give a domain such as groningen.nl, without the @.")})


def profile_of(user):
    """The profile of a logged-in user, created on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def membership_of(user):
    """The user's membership (any status) or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except ObjectDoesNotExist:
        return None


def confirmed_municipality(user):
    """The municipality `user` may speak for, or None."""
    membership = membership_of(user)
    return membership.municipality if membership is not None and membership.is_confirmed else None
