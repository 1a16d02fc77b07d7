import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from sources.models import Source

from .corroboration import claims_with_support
from .models import Briefing, Claim
from .topics import topics_in_use

_DATE = forms.DateInput(attrs={"type": "date"})


def _topics(request):
    # A callable, so "published" is judged at request time, not import time.
    return topics_in_use()


def topic_filter(**kwargs):
    """Choose one public topic by its slug."""
    kwargs.setdefault("field_name", "tags")
    return django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=_topics,
        to_field_name="slug",
        empty_label=_("All topics"),
        **kwargs,
    )


SUPPORT_CHOICES = [
    ("2", _("Two or more independent sources")),
    ("1", _("A single source")),
    ("0", _("No supporting source")),
]
SUPPORT_BOUNDS = {"2": (2, None), "1": (1, 1), "0": (None, 0)}


def filter_support(queryset, name, value):
    at_least, at_most = SUPPORT_BOUNDS[value]
    return claims_with_support(queryset, at_least=at_least, at_most=at_most)


def support_filter():
    return django_filters.ChoiceFilter(
        label=_("Support"),
        choices=SUPPORT_CHOICES,
        method=filter_support,
        empty_label=_("Any support"),
    )


class SourceSlugField(ModelChoiceField):
    """A source named by the address of its page (its slug), typed rather than chosen."""

    default_error_messages = {
        "invalid_choice": _(
            "No source has the address “%(value)s”. Give the last part of the source's "
            "address, as in /sources/<name>/ (the sources page lists them)."
        ),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "text", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(*args, **kwargs)


class SourceSlugFilter(django_filters.ModelChoiceFilter):
    """
    Claims citing one source, given by its slug in a text box.

    A list of every source as options grew with the corpus (10,000 options, over a
    megabyte per page); a slug is looked up with one indexed query.
    """

    field_class = SourceSlugField


def source_filter():
    return SourceSlugFilter(
        label=_("Source (its address name)"),
        field_name="citations__source",
        queryset=Source.objects.published().only("pk", "slug", "title"),
        to_field_name="slug",
        distinct=True,
    )


class BriefingFilter(django_filters.FilterSet):
    topic = topic_filter()
    after = django_filters.DateFilter(
        label=_("Published from"), field_name="published_at__date", lookup_expr="gte", widget=_DATE
    )
    before = django_filters.DateFilter(
        label=_("Published until"), field_name="published_at__date", lookup_expr="lte", widget=_DATE
    )

    class Meta:
        model = Briefing
        fields = ["topic", "after", "before"]


class ClaimFilter(django_filters.FilterSet):
    topic = topic_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        # Drafts are never in the list, so offering them would only ever give nothing.
        choices=[c for c in Claim.Status.choices if c[0] != Claim.Status.DRAFT],
        empty_label=_("Any status"),
    )
    source = source_filter()
    support = support_filter()

    class Meta:
        model = Claim
        fields = ["topic", "status", "source", "support"]


class TopicClaimFilter(django_filters.FilterSet):
    """The topic page may be limited to claims with enough independent support."""

    support = support_filter()

    class Meta:
        model = Claim
        fields = ["support"]


class YearFilter(django_filters.NumberFilter):
    """
    A whole year a date can have (1 to 9999).

    Anything else (0, -1, 0.5, 10000, a number of twenty digits) is a form error,
    never a year handed to the database's date functions.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", datetime.MINYEAR)
        kwargs.setdefault("max_value", datetime.MAXYEAR)
        kwargs.setdefault("field_name", "event_date__year")
        super().__init__(*args, **kwargs)


class TimelineFilter(django_filters.FilterSet):
    """The timeline narrows by topic and by a range of years."""

    topic = topic_filter()
    from_year = YearFilter(label=_("From year"), lookup_expr="gte")
    to_year = YearFilter(label=_("To year"), lookup_expr="lte")

    class Meta:
        model = Claim
        fields = ["topic", "from_year", "to_year"]
