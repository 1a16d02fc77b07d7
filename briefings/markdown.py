"""The one Markdown-plus-sanitiser function: editors write Markdown, readers get safe HTML."""

import nh3
from markdown_it import MarkdownIt

from sources.urlpolicy import ALLOWED_SCHEMES, safe_url

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
