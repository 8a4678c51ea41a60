from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jalons.demo"
    verbose_name = "Démonstration"
