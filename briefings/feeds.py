"""RSS and Atom feeds of the published briefings, for the whole site and per topic."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .exports import SITE_NAME
from .models import Briefing
from .topics import topics_in_use

FEED_SIZE = 30


class BriefingFeedMixin:
    """Items and their fields, shared by every briefing feed."""

    # Atom needs an author for the feed or every entry: the desk stands behind each briefing.
    author_name = f"{SITE_NAME} editors"

    def briefings(self):
        return Briefing.objects.published().for_list().prefetch_related("authors")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [user.get_full_name() or user.get_username() for user in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestBriefingsFeed(BriefingFeedMixin, Feed):
    title = f"{SITE_NAME}: latest briefings"
    link = reverse_lazy("briefings:briefing_list")
    description = "Sourced briefings on the Russia–North Korea relationship."

    def items(self):
        return self.briefings()[:FEED_SIZE]


class LatestBriefingsAtomFeed(LatestBriefingsFeed):
    feed_type = Atom1Feed
    subtitle = LatestBriefingsFeed.description


class TopicBriefingsFeed(BriefingFeedMixin, Feed):
    """The published briefings on one public topic."""

    def get_object(self, request, slug):
        return get_object_or_404(topics_in_use(), slug=slug)

    def title(self, obj):
        return f"{SITE_NAME}: briefings on {obj.name}"

    def link(self, obj):
        return reverse("briefings:topic_detail", args=[obj.slug])

    def description(self, obj):
        return f"Sourced briefings on {obj.name}."

    def items(self, obj):
        return self.briefings().filter(tags=obj)[:FEED_SIZE]


class TopicBriefingsAtomFeed(TopicBriefingsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
