from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Jalons – administration"
admin.site.site_title = "Jalons"
admin.site.index_title = "Utilisateurs, organisations et référentiels"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("jalons.web.urls")),
]
