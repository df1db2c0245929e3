from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldlabsConfig(AppConfig):
    """Fieldlab sessions, where several municipalities build or assess a shared solution, and their reports."""

    name = "fieldlabs"
    verbose_name = _("Fieldlabs")
