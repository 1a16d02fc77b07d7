import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.topics import public_topics

from .models import SearchEntry


def _topics(request):
    # A callable, so "public" is judged at request time, not import time.
    return public_topics()


class SearchFilter(django_filters.FilterSet):
    """The search page's query, type and topic; without a word to look for, nothing is found."""

    q = django_filters.CharFilter(
        label=_("Search for"),
        method="filter_query",
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="kind",
        choices=[
            (SearchEntry.Kind.BRIEFING, _("Briefings")),
            (SearchEntry.Kind.CLAIM, _("Claims")),
            (SearchEntry.Kind.SOURCE, _("Sources")),
        ],
        empty_label=_("Everything"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=_topics,
        to_field_name="slug",
        method="filter_topic",
        empty_label=_("All topics"),
    )

    class Meta:
        model = SearchEntry
        fields = ["q", "type", "topic"]

    @property
    def qs(self):
        # Unbound (the bare page), a FilterSet would list everything.
        return super().qs if self.is_bound else self.queryset.none()

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("q"):
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_query(self, queryset, name, value):
        return queryset.search(value)

    def filter_topic(self, queryset, name, value):
        return queryset.with_topic(value)
