from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TerritoryConfig(AppConfig):
    name = "jalons.territory"
    verbose_name = "Territoire et référentiels"

    def ready(self) -> None:
        from jalons.territory.reference import load_reference_data_after_migrate

        post_migrate.connect(load_reference_data_after_migrate, sender=self)
