"""Template tags for the editors' admin pages (never loaded by public templates)."""

from django import template

from ..desk import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def editorial_desk(context):
    """The desk's trays for the signed-in editor."""
    return desk(context["request"].user)
