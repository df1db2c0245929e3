from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and demo accounts. Installed in development and test settings only."""

    name = "demo"
    verbose_name = "Demo"
