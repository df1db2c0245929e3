from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    """Reference data: every Dutch municipality with its CBS code and province."""

    name = "municipalities"
    verbose_name = _("Municipalities")
