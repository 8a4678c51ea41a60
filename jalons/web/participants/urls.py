from django.urls import path

from jalons.web.participants import views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("<uuid:uid>/", views.participant_detail, name="detail"),
    path("<uuid:uid>/modifier/", views.participant_edit, name="edit"),
]
