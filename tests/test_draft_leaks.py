"""
The draft-leak walk: every public address, visited by readers, never shows unpublished work.

Every URL pattern is enumerated from the resolver (the admin aside) and must be listed in
``ROUTES`` with the way to build its arguments, so a new page fails here until someone says
which objects it is visited with. Drafts, briefings in review, scheduled briefings, draft
claims, their citations and a topic only drafts use all carry ``SENTINEL``; no response to an
anonymous reader, a logged-in reader or a staff member without permissions may contain it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from briefings.models import Briefing, Citation, Claim, Section, SectionClaim
from sources.exports import FORMATS
from sources.models import Source, SourceOverlap

# A made-up word, so it can only come from the unpublished records below.
SENTINEL = "Zqxsentinel"
# The case-sensitive forms that count as a leak (titles and slugs); a query typed by the
# reader is sent in another case, so the page echoing it is not mistaken for a leak.
LEAK_FORMS = (SENTINEL, SENTINEL.lower(), SENTINEL.upper())
TYPED_QUERY = "zQxSeNtInEl"
DRAFT_TOPIC = f"{SENTINEL} secret topic"
DRAFT_TOPIC_SLUG = f"{SENTINEL.lower()}-secret-topic"

PUBLIC_TEXT = (
    "Trade between Russia and North Korea has seen fluctuations, often influenced by "
    "international sanctions. Labour migration is a unique facet of the relationship."
)


@dataclass
class World:
    public_briefing: Briefing
    unpublished: list
    public_claim: Claim
    draft_claim: Claim
    sources: list
    public_topic_slug: str


def _briefing(title, *, status, published_at=None, claims=(), tags=()):
    briefing = Briefing.objects.create(
        title=title,
        status=status,
        published_at=published_at,
        standfirst=f"Standfirst of {title}.",
        introduction=f"An **introduction** to {title}.",
    )
    briefing.tags.add(*tags)
    section = Section.objects.create(briefing=briefing, position=0, heading=f"About {title}")
    for position, claim in enumerate(claims):
        SectionClaim.objects.create(section=section, claim=claim, position=position)
    return briefing


def _unpublished_briefing(label, **kwargs):
    briefing = _briefing(f"{SENTINEL} {label} briefing", tags=[DRAFT_TOPIC], **kwargs)
    briefing.introduction = f"{SENTINEL} introduction, not yet for readers."
    briefing.standfirst = f"{SENTINEL} standfirst."
    briefing.save()
    Section.objects.create(
        briefing=briefing, position=1, heading=f"{SENTINEL} heading", body=f"{SENTINEL} body"
    )
    return briefing


@pytest.fixture
def world(db):
    news = Source.objects.create(
        title="Trade report",
        body=PUBLIC_TEXT,
        publisher="Daily Example",
        url="https://example.org/trade",
        published_on=date(2019, 5, 1),
        date_status=Source.DateStatus.KNOWN,
    )
    news.tags.add("trade")
    copy = Source.objects.create(title="Syndicated copy", body=PUBLIC_TEXT + " A copy.")
    left, right = sorted([news, copy], key=lambda source: source.pk)
    SourceOverlap.objects.create(
        left=left,
        right=right,
        kind=SourceOverlap.Kind.SYNDICATED,
        score=0.9,
        passages=[{"left": "Trade between", "right": "Trade between", "score": 1.0}],
    )
    public_claim = Claim.objects.create(
        statement="Sanctions shaped trade.",
        status=Claim.Status.VERIFIED,
        event_date=date(2016, 1, 1),
        editor_notes=f"{SENTINEL}: internal note, never shown to readers.",
    )
    public_claim.tags.add("trade")
    Citation.objects.create(claim=public_claim, source=news, quote="international sanctions")
    draft_claim = Claim.objects.create(
        statement=f"{SENTINEL}: a draft claim nobody may read yet.",
        status=Claim.Status.DRAFT,
        event_date=date(2017, 6, 1),
        editor_notes=f"{SENTINEL} notes",
    )
    draft_claim.tags.add(DRAFT_TOPIC)
    for source in (news, copy):
        Citation.objects.create(
            claim=draft_claim,
            source=source,
            quote="Labour migration is a unique facet",
            attribution=f"{SENTINEL} analyst",
        )
    # A published briefing that also holds the draft claim: the claim must stay hidden.
    public = _briefing(
        "Public briefing",
        status=Briefing.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        claims=[public_claim, draft_claim],
        tags=["trade"],
    )
    unpublished = [
        _unpublished_briefing("draft", status=Briefing.Status.DRAFT, claims=[draft_claim]),
        _unpublished_briefing("review", status=Briefing.Status.REVIEW, claims=[draft_claim]),
        _unpublished_briefing(
            "scheduled",
            status=Briefing.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=3),
            claims=[public_claim, draft_claim],
        ),
    ]
    # The index may hold unpublished things; the walk proves that readers never find them.
    call_command("rebuild_search_index", verbosity=0)
    return World(
        public_briefing=public,
        unpublished=unpublished,
        public_claim=public_claim,
        draft_claim=draft_claim,
        sources=[news, copy],
        public_topic_slug="trade",
    )


def _briefing_slugs(world):
    return [b.slug for b in (world.public_briefing, *world.unpublished)]


def _topic_slugs(world):
    return [world.public_topic_slug, DRAFT_TOPIC_SLUG]


def _one_each(**kwargs):
    return lambda world: [kwargs]


def _by_slug(slugs, **extra):
    return lambda world: [{"slug": slug, **extra} for slug in slugs(world)]


def _bibliographies(world):
    return [{"slug": slug, "fmt": fmt} for slug in _briefing_slugs(world) for fmt in FORMATS]


def _source_slugs(world):
    return [source.slug for source in world.sources]


def _citations(world):
    return [{"slug": slug, "fmt": fmt} for slug in _source_slugs(world) for fmt in FORMATS]


def _overlaps(world):
    first, second = _source_slugs(world)
    return [{"slug": first, "other": second}, {"slug": second, "other": first}]


def _claim_pks(world):
    return [{"pk": world.public_claim.pk}, {"pk": world.draft_claim.pk}]


def _claim_uids(world):
    return [{"uid": world.public_claim.uid}, {"uid": world.draft_claim.uid}]


# Every URL pattern outside the admin, by name, with the arguments it is visited with.
ROUTES = {
    "sitemap": _one_each(),
    "sitemap_section": lambda world: [
        {"section": section} for section in ("pages", "briefings", "claims", "topics", "sources")
    ],
    "robots": _one_each(),
    "favicon": _one_each(),
    "healthz": _one_each(),
    "briefings:methodology": _one_each(),
    "briefings:home": _one_each(),
    "briefings:briefing_list": _one_each(),
    "briefings:briefing_detail": _by_slug(_briefing_slugs),
    "briefings:briefing_bibliography": _bibliographies,
    "briefings:briefing_feed_rss": _one_each(),
    "briefings:briefing_feed_atom": _one_each(),
    "briefings:topic_list": _one_each(),
    "briefings:topic_detail": _by_slug(_topic_slugs),
    "briefings:topic_feed_rss": _by_slug(_topic_slugs),
    "briefings:topic_feed_atom": _by_slug(_topic_slugs),
    "briefings:claim_list": _one_each(),
    "briefings:claim_detail": _claim_pks,
    "briefings:timeline": _one_each(),
    "sources:source_list": _one_each(),
    "sources:source_detail": _by_slug(_source_slugs),
    "sources:source_cite": _citations,
    "sources:source_overlap": _overlaps,
    "search:search": _one_each(),
    "api:schema": _one_each(),
    "api:docs": _one_each(),
    "api:api-root": _one_each(),
    "api:briefing-list": _one_each(),
    "api:briefing-detail": _by_slug(_briefing_slugs),
    "api:claim-list": _one_each(),
    "api:claim-detail": _claim_uids,
    "api:source-list": _one_each(),
    "api:source-detail": _by_slug(_source_slugs),
    "api:topic-list": _one_each(),
    "api:topic-detail": _by_slug(_topic_slugs),
}

# Query strings tried on every page without arguments: filters that name unpublished things.
LIST_QUERIES = (
    "",
    f"?q={TYPED_QUERY}",
    f"?topic={DRAFT_TOPIC_SLUG}",
    "?status=draft",
    f"?q={TYPED_QUERY}&type=claim",
    "?from_year=2017&to_year=2017",
)


def walk(patterns, namespace=None):
    """Yield ``(name, route)`` of every pattern under ``patterns``, skipping the admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            for name, route in walk(pattern.url_patterns, inner):
                yield name, f"{pattern.pattern}{route}"
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or f"<unnamed {pattern.pattern}>", str(pattern.pattern)


def public_patterns():
    return dict(walk(get_resolver().url_patterns))


def test_every_public_url_pattern_is_inventoried():
    """A new page fails here until ROUTES says which objects it is visited with."""
    found = public_patterns()
    missing = {name: route for name, route in found.items() if name not in ROUTES}
    assert not missing, f"Add these URL patterns to ROUTES in {__file__}: {missing}"
    stale = set(ROUTES) - set(found)
    assert not stale, f"ROUTES lists patterns that no longer exist: {stale}"


# Pages that read no filters. The API docs echo their query string into the schema address
# they load, which would report the visitor's own words as a leak.
NOT_LISTS = {"robots", "favicon", "healthz", "briefings:methodology", "api:docs"}


def addresses(world):
    for name, build in ROUTES.items():
        for kwargs in build(world):
            url = reverse(name, kwargs=kwargs)
            for query in LIST_QUERIES if not kwargs and name not in NOT_LISTS else ("",):
                yield f"{url}{query}"


@pytest.fixture(params=["anonymous", "reader", "staff_without_permissions"])
def visitor(request, client, django_user_model):
    if request.param != "anonymous":
        user = django_user_model.objects.create_user(
            request.param, password="pw-visitor", is_staff=request.param.startswith("staff")
        )
        client.force_login(user)
    return client


def test_no_unpublished_text_reaches_any_public_page(world, visitor):
    """Walk every address: no 500, and the sentinel is never in a response body."""
    leaks, errors = [], []
    visited = 0
    for url in addresses(world):
        response = visitor.get(url)
        visited += 1
        if response.status_code >= 500:
            errors.append((url, response.status_code))
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        if any(form in text for form in LEAK_FORMS):
            leaks.append((url, response.status_code))
    assert visited > 100
    assert not errors, f"server errors: {errors}"
    assert not leaks, f"unpublished text in: {leaks}"


def test_the_walk_would_see_a_leak(world, visitor):
    """The sentinel is reachable once published: the walk's check is not vacuous."""
    draft = world.unpublished[0]
    draft.status = Briefing.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(hours=1)
    draft.save()
    world.draft_claim.status = Claim.Status.VERIFIED
    world.draft_claim.save()
    assert SENTINEL in visitor.get(draft.get_absolute_url()).content.decode()
    assert SENTINEL in visitor.get(reverse("briefings:claim_list")).content.decode()
    found = visitor.get(reverse("search:search"), {"q": TYPED_QUERY}).content.decode()
    assert SENTINEL in found


def test_staff_with_the_view_permission_can_preview(world, client, django_user_model):
    """Preview is for staff who may view the object in the admin; they see it marked."""
    editor = django_user_model.objects.create_user("desk", password="pw-desk", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(codename="view_briefing"),
        Permission.objects.get(codename="view_claim"),
    )
    client.force_login(editor)
    draft = world.unpublished[0]
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert SENTINEL in response.content.decode()
    assert client.get(world.draft_claim.get_absolute_url()).status_code == 200


def test_staff_without_the_claim_permission_see_no_draft_claims_in_a_preview(
    world, client, django_user_model
):
    editor = django_user_model.objects.create_user("desk", password="pw-desk", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_briefing"))
    client.force_login(editor)
    response = client.get(world.public_briefing.get_absolute_url())
    assert response.status_code == 200
    assert SENTINEL not in response.content.decode()
    assert client.get(world.draft_claim.get_absolute_url()).status_code == 404
