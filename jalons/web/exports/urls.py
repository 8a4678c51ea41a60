from django.urls import path

from jalons.web.exports import views

app_name = "exports"
urlpatterns = [
    path("participants.xlsx", views.participants_xlsx, name="participants_xlsx"),
]
