import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Source, Topic


def _publishers():
    names = (
        Source.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Source.Kind.choices, empty_label=_("Any kind")
    )
    publisher = django_filters.ChoiceFilter(
        label=_("Publisher"), choices=_publishers, empty_label=_("Any publisher")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="tags",
        queryset=Topic.objects.filter(source__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        empty_label=_("All topics"),
    )

    class Meta:
        model = Source
        fields = ["kind", "publisher", "topic"]
