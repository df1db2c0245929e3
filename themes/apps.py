from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    """Municipal policy domains (Burgerzaken, Sociaal domein, ...) that ideas and fieldlabs belong to."""

    name = "themes"
    verbose_name = _("Themes")
