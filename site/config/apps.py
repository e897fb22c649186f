from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project as an app in production, so every process (web, task worker, a command that
    publishes) tells the page cache about a publish, not only those that load the middleware."""

    name = "config"
    label = "seloste_config"

    def ready(self) -> None:
        from . import middleware  # noqa: F401 - connects the publish receivers
