from django import template
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from ..citation_styles import get_style, render_references
from ..exports import csl_item, schema_org
from ..links import safe_link
from ..models import Source

register = template.Library()

JSON_SCRIPT_OPEN = '<script type="application/json">'


def json_ld_script(data):
    """
    ``data`` as a JSON-LD script element, escaped exactly as Django's ``json_script``.

    ``json_script`` escapes ``<``, ``>`` and ``&`` so typed text can never close
    the element; only its fixed opening tag is changed to the JSON-LD type.
    """
    escaped = json_script(data).removeprefix(JSON_SCRIPT_OPEN)
    # Only the constant opening tag is replaced; the rest is json_script's escaped output.
    return mark_safe('<script type="application/ld+json">' + escaped)  # noqa: S308


@register.simple_tag(takes_context=True)
def source_json_ld(context, source):
    """The source page's schema.org CreativeWork."""
    absolute = context["request"].build_absolute_uri
    data = {
        "@context": "https://schema.org",
        **schema_org(source, absolute(source.get_absolute_url())),
    }
    return json_ld_script(data)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as a full URL on this site, e.g. for canonical links and OpenGraph."""
    return context["request"].build_absolute_uri(path)


@register.filter(name="safe_link")
def safe_link_filter(url):
    """A stored URL if it may be a link (see ``sources.links``), else the empty string."""
    return safe_link(url)


@register.simple_tag
def external_link(url, css_class="url"):
    """A stored URL as a link to another site, or as plain text if its scheme is unsafe."""
    href = safe_link(url)
    if not href:
        return format_html('<span class="{} unsafe-url" dir="ltr">{}</span>', css_class, url)
    return format_html(
        '<a class="{}" href="{}" rel="nofollow noopener" dir="ltr">{}</a>', css_class, href, url
    )


def _style(context):
    """The page's citation style (set by ``CitationStyleMixin``), else the default."""
    style = context.get("citation_style")
    return style if style is not None else get_style(None)


def _title_evidence(sources, style):
    """
    Each source's text, where the style puts titles in sentence case (its proper nouns).

    Pages fetch their sources without the full texts; those the style needs are
    read here in one query, once per source, not with every citation.
    """
    if not style.sentence_case_titles:
        return {}
    missing = [source.pk for source in sources if "body" in source.get_deferred_fields()]
    bodies = (
        dict(Source.objects.filter(pk__in=missing).values_list("pk", "body")) if missing else {}
    )
    return {source.slug: bodies.get(source.pk, source.__dict__.get("body")) for source in sources}


@register.simple_tag(takes_context=True)
def source_references(context, sources):
    """``sources`` in the page's citation style: ``(source, reference)`` pairs, in its order."""
    sources = list(sources)
    by_slug = {source.slug: source for source in sources}
    style = _style(context)
    references = render_references(
        [csl_item(source) for source in sources],
        style.key,
        evidence=_title_evidence(sources, style),
    )
    return [(by_slug[reference.key], reference) for reference in references]


@register.simple_tag(takes_context=True)
def source_reference(context, source):
    """The source in the page's citation style (a ``Reference``: ``html`` and ``text``)."""
    ((_, reference),) = source_references(context, [source])
    return reference
