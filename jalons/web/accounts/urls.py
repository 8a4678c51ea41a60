from django.urls import path

from jalons.web.accounts import views

urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("role/", views.switch_role, name="switch_role"),
    path("sante/", views.health, name="health"),
]
