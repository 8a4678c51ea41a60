from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jalons.accounts"
    verbose_name = "Comptes"
