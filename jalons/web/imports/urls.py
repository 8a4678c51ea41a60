from django.urls import path

from jalons.web.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:uid>/", views.preview, name="preview"),
    path("<uuid:uid>/confirmer/", views.confirm, name="confirm"),
    path("<uuid:uid>/statut/", views.status, name="status"),
]
