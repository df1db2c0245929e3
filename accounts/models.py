from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ALL_ROLES


class Profile(models.Model):
    """What Veldwerk knows of a person beyond their login: the municipality they work for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="profiles",
        help_text=_("The municipality this person works for; they may register its adoptions."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def roles(self):
        return [group.name for group in self.user.groups.all() if group.name in ALL_ROLES]


def profile_of(user):
    """The profile of a logged-in user, created on first use."""
    profile, _created = Profile.objects.select_related("municipality").get_or_create(user=user)
    return profile
