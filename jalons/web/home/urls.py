from django.urls import path

from jalons.web.home import views

urlpatterns = [path("", views.home, name="home")]
