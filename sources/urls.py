from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("", views.SourceListView.as_view(), name="source_list"),
    path("<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("<slug:slug>/cite.<str:fmt>", views.SourceCitationView.as_view(), name="source_cite"),
    path(
        "<slug:slug>/shared/<slug:other>/",
        views.SourceOverlapView.as_view(),
        name="source_overlap",
    ),
]
