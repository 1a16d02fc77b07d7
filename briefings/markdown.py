"""The one Markdown-plus-sanitiser function: editors write Markdown, readers get safe HTML."""

import hashlib

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from sources.urlpolicy import ALLOWED_SCHEMES, safe_url

# Bump when a change here changes the HTML produced for the same Markdown. Stored HTML
# carries the version that rendered it (see markdown_key), so rows rendered by an older
# version are rendered again on save and by ``manage.py rerender_markdown``, and are never
# shown stale meanwhile (stored_html renders them on the fly until then).
RENDERER_VERSION = 2

# 100,000 characters is about 15,000 words: several times the longest briefing text we
# have, and small enough to render in a fraction of a second when an editor saves.
# (One megabyte took seconds to render on every page view before HTML was stored.)
MARKDOWN_MAX_LENGTH = 100_000

# Raw HTML in the source is shown as text, never passed through.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
# A link the URL policy refuses is not a link at all: its Markdown stays visible as text.
_md.validateLink = lambda url: safe_url(url) is not None

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_ATTRIBUTES = {"href", "src"}
URL_SCHEMES = set(ALLOWED_SCHEMES)


def _url_filter(tag, attribute, value):
    """The sanitiser's second look at every URL: the same policy as markdown-it's."""
    if attribute in URL_ATTRIBUTES:
        return safe_url(value)
    return value


def render_markdown(text):
    """Render editor-written Markdown to sanitised HTML (a plain ``str``)."""
    if not text:
        return ""
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_url_filter,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def markdown_key(text):
    """What stored HTML was rendered from: the renderer's version and the Markdown's digest."""
    digest = hashlib.blake2b((text or "").encode("utf-8"), digest_size=16).hexdigest()
    return f"v{RENDERER_VERSION}:{digest}"


def store_rendered(obj, field, update_fields=None):
    """
    Render ``obj.<field>`` into ``obj.<field>_html`` when its Markdown or the renderer changed.

    For a model's ``save()``: returns ``update_fields`` with the HTML fields added when they
    were written (``None`` stays ``None``: every field is saved).
    """
    if update_fields is not None and field not in update_fields:
        return update_fields
    text = getattr(obj, field) or ""
    key = markdown_key(text)
    if getattr(obj, f"{field}_html_key") == key:
        return update_fields
    setattr(obj, f"{field}_html", render_markdown(text))
    setattr(obj, f"{field}_html_key", key)
    if update_fields is None:
        return None
    return {*update_fields, f"{field}_html", f"{field}_html_key"}


def stored_html(text, html, key) -> SafeString:
    """
    The sanitised HTML for ``text``: the stored rendering when it was made from this text by
    this renderer, otherwise rendered now (rows loaded raw, or from an older renderer).
    """
    if key != markdown_key(text):
        html = render_markdown(text)
    # Trusted: either way the HTML is the output of render_markdown.
    return mark_safe(html)  # noqa: S308
