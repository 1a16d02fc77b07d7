from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from sources.highlight import split_passages
from sources.templatetags.sources_tags import json_ld_script

from .. import badges, exports, metadata
from ..markdown import render_markdown
from ..models import Citation, Claim

register = template.Library()


@register.filter
def claim_badges(claim):
    """The claim's badges (status, support, what it rests on), each tied to its definition."""
    return badges.claim_badges(claim)


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown; the only place output is trusted, because nh3 has sanitised it."""
    return mark_safe(render_markdown(text))  # noqa: S308


def _claim_links(citations):
    claims = {citation.claim_id: citation.claim for citation in citations}
    links = format_html_join(
        " ",
        '<a href="{}" title="{}">claim&nbsp;{}</a>',
        ((claim.get_absolute_url(), claim.statement, claim.pk) for claim in claims.values()),
    )
    return format_html('<sup class="passage-claims">{}</sup>', links)


def _segment_html(segment):
    if not segment.covering:
        return conditional_escape(segment.text)
    anchors = [citation.anchor_id for citation in segment.opening]
    mark_id = format_html(' id="{}"', anchors[0]) if anchors else ""
    extra = format_html_join("", '<span id="{}" class="passage-anchor"></span>', zip(anchors[1:]))
    css = "passage overlap" if len(segment.covering) > 1 else "passage"
    html = format_html('<mark{} class="{}">{}{}</mark>', mark_id, css, extra, segment.text)
    if segment.closing:
        html = format_html("{}{}", html, _claim_links(segment.closing))
    return html


@register.simple_tag
def cited_passages(source):
    """The citations of public claims that quote ``source``, in reading order (one query)."""
    citations = (
        Citation.objects.filter(Claim.objects.published().holding("claim"), source=source)
        .select_related("claim")
        .order_by("start", "end", "pk")
    )
    return [c for c in citations if source.body[c.start : c.end] == c.exact]


@register.simple_tag
def highlighted_text(source, citations):
    """The source's text, escaped, with every cited passage marked and anchored."""
    segments = split_passages(source.body, [(c.start, c.end, c) for c in citations])
    return format_html_join("", "{}", ((_segment_html(s),) for s in segments))


@register.simple_tag(takes_context=True)
def article_json_ld(context, briefing, sources):
    """The briefing's schema.org Article, citing ``sources`` (its bibliography)."""
    absolute = context["request"].build_absolute_uri
    return json_ld_script(metadata.article_data(briefing, sources, absolute))


@register.simple_tag(takes_context=True)
def claim_json_ld(context, claim, sources):
    """The claim's schema.org Claim, appearing in ``sources``."""
    absolute = context["request"].build_absolute_uri
    return json_ld_script(metadata.claim_data(claim, sources, absolute))


@register.simple_tag(takes_context=True)
def briefing_citation(context, briefing):
    """How to cite the briefing in the page's citation style, and as BibTeX."""
    record = metadata.briefing_record(
        briefing, context["request"].build_absolute_uri, accessed=timezone.localdate()
    )
    style = context.get("citation_style")
    return exports.cite(record, style.key if style else None)
