from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "jalons.participants"
    verbose_name = "Participants"

    def ready(self) -> None:
        from jalons.participants import audit  # noqa: F401  (registers models with auditlog)
