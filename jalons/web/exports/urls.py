from django.urls import path

from jalons.web.exports import views

app_name = "exports"
urlpatterns = [
    path("participants.xlsx", views.participants_xlsx, name="participants_xlsx"),
    path("participants/preparer/", views.participants_start, name="participants_start"),
    path("<uuid:uid>/", views.run_detail, name="run"),
    path("<uuid:uid>/statut/", views.run_status, name="run_status"),
    path("<uuid:uid>/telecharger/", views.run_download, name="run_download"),
]
