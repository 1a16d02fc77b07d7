from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "RNK Briefings — editors"
admin.site.site_title = "RNK Briefings admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("briefings.urls")),
    path("sources/", include("sources.urls")),
]
