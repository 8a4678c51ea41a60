from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "jalons.imports"
    verbose_name = "Imports d'historique"
