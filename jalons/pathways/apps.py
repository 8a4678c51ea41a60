from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "jalons.pathways"
    verbose_name = "Parcours"

    def ready(self) -> None:
        from jalons.pathways import audit  # noqa: F401  (registers models with auditlog)
