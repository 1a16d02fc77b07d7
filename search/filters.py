import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.filters import topic_filter

from .models import SearchEntry


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
    topic = topic_filter(method="filter_topic")

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

    def without_topic(self):
        """What the query and type find in every topic, to count them by topic."""
        data = self.data.copy()
        data.pop("topic", None)
        return type(self)(data, queryset=self.queryset, request=self.request).qs

    def filter_query(self, queryset, name, value):
        return queryset.search(value)

    def filter_topic(self, queryset, name, value):
        return queryset.with_topic(value)
