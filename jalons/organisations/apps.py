from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "jalons.organisations"
    verbose_name = "Organisations et rôles"
