from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """What the importer last wrote for an external id.

    `fingerprint` makes re-importing an unchanged record a no-op; `revision`,
    `last_log_entry_id` and `live` are the state the importer left the page in, so a
    later import can tell whether editors have touched the page since (see
    importer.pages.editor_changes).
    """

    external_id = models.CharField(_("external id"), max_length=200, unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("imported revision"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    last_log_entry_id = models.PositiveBigIntegerField(_("last audit log entry after the import"), null=True, blank=True)
    live = models.BooleanField(_("live after the import"), default=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")

    def __str__(self):
        return self.external_id
