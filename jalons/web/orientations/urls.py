from django.urls import path

from jalons.web.orientations import views, views_create

app_name = "orientations"
urlpatterns = [
    path("", views.orientation_list, name="list"),
    path("nouvelle/", views_create.orientation_create, name="create"),
    path("<uuid:uid>/", views.orientation_detail, name="detail"),
    path("<uuid:uid>/accepter/", views.accept, name="accept"),
    path("<uuid:uid>/refuser/", views.refuse, name="refuse"),
    path("<uuid:uid>/retirer/", views.withdraw, name="withdraw"),
]
