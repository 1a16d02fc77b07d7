from django.urls import path

from . import feeds, views

app_name = "briefings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("briefings/", views.BriefingListView.as_view(), name="briefing_list"),
    path("briefings/<slug:slug>/", views.BriefingDetailView.as_view(), name="briefing_detail"),
    path(
        "briefings/<slug:slug>/bibliography.<str:fmt>",
        views.BriefingBibliographyView.as_view(),
        name="briefing_bibliography",
    ),
    path("feeds/briefings.rss", feeds.LatestBriefingsFeed(), name="briefing_feed_rss"),
    path("feeds/briefings.atom", feeds.LatestBriefingsAtomFeed(), name="briefing_feed_atom"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<slug:slug>/feed.rss", feeds.TopicBriefingsFeed(), name="topic_feed_rss"),
    path("topics/<slug:slug>/feed.atom", feeds.TopicBriefingsAtomFeed(), name="topic_feed_atom"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
]
