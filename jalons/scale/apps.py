from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "jalons.scale"
    label = "scale"
    verbose_name = "Jeux de données de volumétrie"
