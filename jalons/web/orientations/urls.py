from django.urls import path

app_name = "orientations"
urlpatterns: list = []
