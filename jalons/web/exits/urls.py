from django.urls import path

from jalons.web.exits import committee, views

app_name = "exits"
urlpatterns = [
    path("", views.exit_list, name="list"),
    path("en-attente/", views.pending, name="pending"),
    path("comite/", committee.committee, name="committee"),
    path(
        "comite/proposer/<uuid:pathway_uid>/", committee.committee_propose, name="committee_propose"
    ),
    path("comite/decider/<uuid:pathway_uid>/", committee.committee_decide, name="committee_decide"),
]
