from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Building blocks below the content apps: markdown rendering, listing filters and page drafts."""

    name = "core"
    verbose_name = "Veldwerk building blocks"
