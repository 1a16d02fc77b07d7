"""
What a page says about itself to machines: schema.org JSON-LD and citation records.

Plain functions over objects whose relations the view has already prefetched
(authors, tags, citations with their sources); ``absolute`` turns a path into
a full URL (``request.build_absolute_uri``).
"""

from django.urls import reverse

from sources import exports as source_exports

from .exports import SITE_NAME, BriefingRecord, Person


def person(user):
    """A user as an author: split when both names are known, else the name as written."""
    if user.last_name:
        return Person(family=user.last_name.strip(), given=user.first_name.strip())
    return Person(literal=user.get_full_name() or user.get_username())


def briefing_record(briefing, absolute, *, accessed=None):
    return BriefingRecord(
        key=briefing.slug,
        title=briefing.title,
        url=absolute(briefing.get_absolute_url()),
        published=briefing.published_at.date() if briefing.published_at else None,
        authors=tuple(person(user) for user in briefing.authors.all()),
        accessed=accessed,
        evidence=f"{briefing.standfirst}\n{briefing.introduction}",
    )


def publisher(absolute):
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute(reverse("briefings:home"))}


def source_work(source, absolute):
    return source_exports.schema_org(source, absolute(source.get_absolute_url()))


def article_data(briefing, sources, absolute):
    """The briefing as a schema.org ``Article`` citing each of ``sources`` once."""
    url = absolute(briefing.get_absolute_url())
    authors = [{"@type": "Person", "name": person(u).natural} for u in briefing.authors.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": briefing.title,
        "description": briefing.standfirst or briefing.title,
        "author": authors or [publisher(absolute)],
        "publisher": publisher(absolute),
        "keywords": [tag.name for tag in briefing.tags.all()],
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "citation": [source_work(source, absolute) for source in sources],
    }
    if briefing.published_at:
        data["datePublished"] = briefing.published_at.isoformat()
    data["dateModified"] = briefing.updated_at.isoformat()
    return data


def first_appearance(works):
    """The earliest dated work; dates of different precision compare by their known parts."""
    dated = [work for work in works if "datePublished" in work]
    return min(dated, key=lambda work: work["datePublished"]) if dated else None


def claim_data(claim, sources, absolute):
    """The claim as a schema.org ``Claim`` appearing in the sources that it cites."""
    url = absolute(claim.get_absolute_url())
    works = [source_work(source, absolute) for source in sources]
    data = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "@id": url,
        "url": url,
        "text": claim.statement,
        "dateCreated": claim.created_at.isoformat(),
        "dateModified": claim.updated_at.isoformat(),
        "appearance": works,
        "about": [
            {
                "@type": "Thing",
                "name": tag.name,
                "url": absolute(reverse("briefings:topic_detail", args=[tag.slug])),
            }
            for tag in claim.tags.all()
        ],
    }
    first = first_appearance(works)
    if first:
        data["firstAppearance"] = first
    event = source_exports.date_parts(claim.event_date, claim.event_precision)
    if event:
        data["temporalCoverage"] = event.iso()
    return data
