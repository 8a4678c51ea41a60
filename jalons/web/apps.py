from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jalons.web"
    verbose_name = "Interface web"
