from django.apps import AppConfig


class VeldwerkConfig(AppConfig):
    """The project itself: settings, URLs, the home page and site-wide templates."""

    name = "veldwerk"
    label = "veldwerk"
    verbose_name = "Veldwerk"
