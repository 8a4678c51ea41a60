"""Every screen's URLs; each web module owns its own `urls.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("jalons.web.accounts.urls")),
    path("", include("jalons.web.home.urls")),
    path("participants/", include("jalons.web.participants.urls")),
    path("parcours/", include("jalons.web.pathways.urls")),
    path("orientations/", include("jalons.web.orientations.urls")),
    path("journal/", include("jalons.web.audit.urls")),
    path("bilan/", include("jalons.web.reports.urls")),
    path("sorties/", include("jalons.web.exits.urls")),
    path("imports/", include("jalons.web.imports.urls")),
    path("exports/", include("jalons.web.exports.urls")),
]
