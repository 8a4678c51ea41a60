from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "jalons.protocols"
    verbose_name = "Protocoles et objectifs"
