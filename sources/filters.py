import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from rnk_site import pagecache

from .models import Source, Topic


def publisher_choices():
    """The publishers of public sources: a pass over every source, so once per change."""

    def compute():
        names = (
            Source.objects.published()
            .exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    return pagecache.listing_memo("sources:publishers", compute)


def _topics():
    """Topics of public sources; each stops at its first source (an index lookup)."""
    return Topic.objects.filter(
        Exists(Source.objects.published().filter(tags=OuterRef("pk")))
    ).order_by("name")


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Source.Kind.choices, empty_label=_("Any kind")
    )
    publisher = django_filters.ChoiceFilter(
        label=_("Publisher"), choices=publisher_choices, empty_label=_("Any publisher")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="tags",
        queryset=_topics(),
        to_field_name="slug",
        empty_label=_("All topics"),
    )

    class Meta:
        model = Source
        fields = ["kind", "publisher", "topic"]
