from django.urls import path

from jalons.web.pathways import caseload, views

app_name = "pathways"
urlpatterns = [
    path("<uuid:pathway_uid>/contacts/ajouter/", views.contact_add, name="contact_add"),
    path("<uuid:pathway_uid>/etapes/ajouter/", views.step_add, name="step_add"),
    path("etapes/<uuid:step_uid>/modifier/", views.step_edit, name="step_edit"),
    path("<uuid:pathway_uid>/referent/", views.referent_change, name="referent_change"),
    path("<uuid:pathway_uid>/suspendre/", views.suspend, name="suspend"),
    path("<uuid:pathway_uid>/reprendre/", views.resume, name="resume"),
    path("<uuid:pathway_uid>/sortie/", views.exit_pathway, name="exit"),
    path("portefeuilles/", caseload.transfer, name="transfer"),
]
