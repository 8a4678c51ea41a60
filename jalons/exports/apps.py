from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "jalons.exports"
    verbose_name = "Exports en arrière-plan"
