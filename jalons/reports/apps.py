from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jalons.reports"
    verbose_name = "Bilans et rapports"
