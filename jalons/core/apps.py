from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jalons.core"
    verbose_name = "Socle"
