from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """What the importer last wrote for an external id, so that re-importing an
    unchanged record changes nothing and a changed one becomes a new revision."""

    external_id = models.CharField(_("external id"), max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")

    def __str__(self):
        return self.external_id
