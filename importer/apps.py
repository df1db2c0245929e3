from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """The one way data comes in: JSON Lines and publiccode.yml files become idea and fieldlab pages."""

    name = "importer"
    verbose_name = _("Importer")
