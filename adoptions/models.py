from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AdoptionStatus(models.TextChoices):
    INTEREST = "interest", _("interest")
    PILOT = "pilot", _("pilot")
    PRODUCTION = "production", _("in production")
    STOPPED = "stopped", _("stopped")


class Adoption(models.Model):
    """Where one municipality stands with one idea now. Its history is in AdoptionChange.

    Kept outside the page's revisions: registering interest is a fact about a
    municipality, not an edit of the idea.
    """

    idea = models.ForeignKey("ideas.IdeaPage", verbose_name=_("idea"), on_delete=models.CASCADE, related_name="adoptions")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="adoptions"
    )
    status = models.CharField(_("status"), max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.INTEREST)
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["municipality__name"]
        constraints = [models.UniqueConstraint(fields=["idea", "municipality"], name="one_adoption_per_municipality_and_idea")]

    def __str__(self):
        return f"{self.municipality} – {self.get_status_display()}"


class AdoptionChange(models.Model):
    """One registration in the ledger: who set which status when."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=20, choices=AdoptionStatus.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("adoption change")
        verbose_name_plural = _("adoption changes")
        ordering = ["-changed_at", "-pk"]


def active_adoption_count():
    """Subquery counting the municipalities that have not stopped using an idea (for annotations)."""
    adoptions = (
        Adoption.objects.filter(idea=OuterRef("pk"))
        .exclude(status=AdoptionStatus.STOPPED)
        .values("idea")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(adoptions), 0)
