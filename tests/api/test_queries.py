"""Lists and details run a fixed number of queries, however many items they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.models import Citation

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def add_briefings(make_claim, make_briefing, n):
    for _ in range(n):
        make_briefing(claims=[make_claim()], tags=("sanctions", "trade"))


def add_claims(make_claim, make_briefing, n):
    for _ in range(n):
        make_claim(tags=("sanctions", "trade"))


def add_sources(make_claim, make_briefing, n):
    for _ in range(n):
        make_claim().citations.get().source.tags.add("trade")


def add_topics(make_claim, make_briefing, n):
    for _ in range(n):
        make_claim(tags=(f"topic {Citation.objects.count()}",))


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/api/briefings/", add_briefings),
        ("/api/claims/", add_claims),
        ("/api/sources/", add_sources),
        ("/api/topics/", add_topics),
    ],
)
def test_list_queries_do_not_grow_with_items(api_client, make_claim, make_briefing, url, add):
    """A list with 5 items runs as many queries as one with 30."""
    add(make_claim, make_briefing, 5)
    few = queries(api_client, url)
    add(make_claim, make_briefing, 25)
    assert queries(api_client, url) == few


def test_briefing_detail_queries_do_not_grow_with_claims(
    api_client, make_claim, make_briefing, make_source
):
    """A briefing with 5 claims runs as many queries as one with 30."""
    source = make_source()
    small = make_briefing(claims=[make_claim(source=source) for _ in range(5)], sections=2)
    large = make_briefing(claims=[make_claim() for _ in range(30)], sections=4)
    for claim in large.sections.first().claims.all():
        claim.tags.add("trade")
    assert queries(api_client, f"/api/briefings/{small.slug}/") == queries(
        api_client, f"/api/briefings/{large.slug}/"
    )


def test_source_detail_queries_do_not_grow_with_citations(api_client, make_claim, make_source):
    """A source cited 5 times runs as many queries as one cited 30 times."""
    few, many = make_source(), make_source()
    for _ in range(5):
        make_claim(source=few)
    for _ in range(30):
        make_claim(source=many)
    assert queries(api_client, f"/api/sources/{few.slug}/") == queries(
        api_client, f"/api/sources/{many.slug}/"
    )
