from django.urls import path

from jalons.web.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.bilan, name="bilan"),
    path("export/<str:fmt>/", views.export, name="export"),
]
