"""
Property-based fuzzing of the editors' admin forms: sources, claims, citations, briefings.

Whatever an editor types (odd Unicode, NUL bytes, huge strings, negative or huge numbers,
impossible dates, choices that do not exist), the form either reports errors or saves;
it never raises, and a database constraint never gets the last word (IntegrityError).
Well-formed data always saves. A few payloads also go through the admin views.
"""

from datetime import date, datetime

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.models import Briefing, Citation, Claim
from sources.models import Source

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VALID = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BODY = (
    "Trade between Russia and North Korea has seen fluctuations, often influenced by "
    "international sanctions. Labour migration is a unique facet of the relationship."
)

# Text an HTTP request can carry: any code point but lone surrogates (which no UTF-8
# body can encode), with NUL, controls, bidi overrides, combining marks and emoji in reach.
odd_characters = st.characters(blacklist_categories=("Cs",))
nasty_text = st.one_of(
    st.text(odd_characters, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\u202eevil\u202c",
            "\u200b",
            "e\u0301" * 30,
            "🇰🇵🇷🇺" * 10,
            "<script>alert(1)</script>",
            "Robert'); DROP TABLE sources_source;--",
            "\ufeff\ufffe\uffff",
            "x" * 20_000,
            "ж" * 5_000,
            "-1",
            "1e309",
        ]
    ),
)
nasty_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "-1", "0", "2147483648", "9" * 40, "1.5", "NaN", "inf", "٣", "1e3"]),
    nasty_text,
)
nasty_date = st.one_of(
    st.sampled_from(
        [
            "",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2024-02-30",
            "2024-13-01",
            "-2024-01-01",
            "2024-01-01T25:61:61",
            "2024-01-01 23:59:60",
            "31/12/2024",
            "yesterday",
            "2024-01-01\x00",
        ]
    ),
    st.dates().map(date.isoformat),
    nasty_text,
)
nasty_datetime = st.one_of(
    nasty_date,
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ")),
    st.sampled_from(["0001-01-01 00:00:00", "9999-12-31 23:59:59", "2024-06-01 12:00"]),
)


def choice(values):
    return st.one_of(st.sampled_from(list(values)), nasty_text)


# Topic names stay plain here: empty or colliding slugs for names in other scripts and
# names past the tag length are another change's tests (tag slugs and topic length).
safe_topics = st.lists(st.sampled_from(["trade", "sanctions", "debt", "energy"]), max_size=3).map(
    ", ".join
)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("fuzzer", "fuzz@example.org", "pw-fuzz")


@pytest.fixture
def admin_form(superuser):
    def form_class(model):
        request = RequestFactory().get("/admin/")
        request.user = superuser
        return admin.site._registry[model].get_form(request)

    return form_class


@pytest.fixture
def graph(db):
    source = Source.objects.create(title="Fuzz source", body=BODY)
    claim = Claim.objects.create(statement="A fuzzed claim.", status=Claim.Status.VERIFIED)
    citation = Citation.objects.create(claim=claim, source=source, quote="sanctions")
    briefing = Briefing.objects.create(title="Fuzz briefing")
    return {"source": source, "claim": claim, "citation": citation, "briefing": briefing}


def submit(form_class, data, instance=None):
    """Bind, validate and (when valid) save; roll everything back afterwards."""
    with transaction.atomic():
        form = form_class(data=data, instance=instance)
        valid = form.is_valid()
        if valid:
            saved = form.save()
            type(saved).objects.get(pk=saved.pk)
        else:
            assert form.errors
            for messages in form.errors.values():
                assert all(isinstance(message, str) and message for message in messages)
        transaction.set_rollback(True)
    return valid, form


# --- sources --------------------------------------------------------------------------------


def source_data(**fields):
    return st.fixed_dictionaries(
        {
            "title": nasty_text,
            "slug": nasty_text,
            "kind": choice(Source.Kind.values),
            "publisher": nasty_text,
            "authors": nasty_text,
            "url": st.one_of(
                nasty_text,
                st.sampled_from(
                    [
                        "https://example.org/a",
                        "javascript:alert(1)",
                        "http://" + "ä" * 80 + ".example",
                        "https://example.org/" + "x" * 1200,
                        "https://[::1",
                        "ftp://example.org/file",
                    ]
                ),
            ),
            "published_on": nasty_date,
            "published_precision": choice(["day", "month", "year"]),
            "date_status": choice(Source.DateStatus.values),
            "accessed_on": nasty_date,
            "language": nasty_text,
            "body": st.one_of(nasty_text, st.just(BODY)),
            "reliability_notes": nasty_text,
            "tags": safe_topics,
            **fields,
        }
    )


@FUZZ
@given(data=source_data())
def test_source_form_never_crashes(admin_form, graph, data):
    submit(admin_form(Source), data)


@FUZZ
@given(data=source_data())
def test_source_form_never_crashes_when_editing(admin_form, graph, data):
    submit(admin_form(Source), data, instance=graph["source"])


plain = st.text(
    st.characters(whitelist_categories=("L", "N", "Zs", "P"), blacklist_characters="\x00"),
    min_size=1,
    max_size=120,
).filter(lambda value: value.strip())


@VALID
@given(
    title=plain,
    kind=st.sampled_from(Source.Kind.values),
    body=plain,
    day=st.one_of(st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1))),
)
def test_well_formed_source_saves(admin_form, graph, title, kind, body, day):
    data = {
        "title": title,
        "slug": "",
        "kind": kind,
        "body": body,
        "published_precision": "day",
        "date_status": "known" if day else "unknown",
        "published_on": day.isoformat() if day else "",
        "tags": "trade",
        "assessment": Source.Assessment.ANALYSIS,
        "quotations": Source.Quotations.RELIABLE,
    }
    valid, form = submit(admin_form(Source), data)
    assert valid, form.errors


# --- claims ---------------------------------------------------------------------------------


claim_data = st.fixed_dictionaries(
    {
        "statement": nasty_text,
        "status": choice(Claim.Status.values),
        "tags": safe_topics,
        "event_date": nasty_date,
        "event_precision": choice(["day", "month", "year"]),
        "editor_notes": nasty_text,
    }
)


@FUZZ
@given(data=claim_data)
def test_claim_form_never_crashes(admin_form, graph, data):
    submit(admin_form(Claim), data)
    submit(admin_form(Claim), data, instance=graph["claim"])


@VALID
@given(statement=plain, status=st.sampled_from(Claim.Status.values), day=st.dates())
def test_well_formed_claim_saves(admin_form, graph, statement, status, day):
    data = {
        "statement": statement,
        "status": status,
        "tags": "trade, debt",
        "event_date": day.isoformat(),
        "event_precision": "year",
        "editor_notes": "",
    }
    valid, form = submit(admin_form(Claim), data)
    assert valid, form.errors


# --- citations ------------------------------------------------------------------------------


def citation_data(graph):
    return st.fixed_dictionaries(
        {
            "claim": st.one_of(st.just(str(graph["claim"].pk)), nasty_number),
            "source": st.one_of(st.just(str(graph["source"].pk)), nasty_number),
            "quote": st.one_of(
                nasty_text,
                st.sampled_from(["sanctions", "international\u00a0sanctions", "Labour"]),
            ),
            "attribution": nasty_text,
            "stance": choice(Citation.Stance.values),
            "position": nasty_number,
        }
    )


@FUZZ
@given(data=st.data())
def test_citation_form_never_crashes(admin_form, graph, data):
    payload = data.draw(citation_data(graph))
    submit(admin_form(Citation), payload)
    submit(admin_form(Citation), payload, instance=graph["citation"])


@VALID
@given(data=st.data())
def test_any_passage_of_the_source_saves_as_a_citation(admin_form, graph, data):
    start = data.draw(st.integers(0, len(BODY) - 1))
    end = data.draw(st.integers(start + 1, len(BODY)))
    quote = BODY[start:end]
    payload = {
        "claim": str(graph["claim"].pk),
        "source": str(graph["source"].pk),
        "quote": quote,
        "attribution": data.draw(plain),
        "stance": data.draw(st.sampled_from(Citation.Stance.values)),
        "position": str(data.draw(st.integers(0, 10_000))),
    }
    valid, form = submit(admin_form(Citation), payload)
    # A passage that is only whitespace or ends inside a word's accent is refused, with a reason.
    assert valid or "quote" in form.errors, form.errors
    if quote.strip():
        assert valid, form.errors


# --- briefings ------------------------------------------------------------------------------


def briefing_data(graph, superuser):
    return st.fixed_dictionaries(
        {
            "title": nasty_text,
            "slug": nasty_text,
            "status": choice(Briefing.Status.values),
            "published_at_0": nasty_date,
            "published_at_1": nasty_text,
            "published_at": nasty_datetime,
            "authors": st.one_of(st.just([str(superuser.pk)]), st.lists(nasty_number, max_size=2)),
            "tags": safe_topics,
            "standfirst": nasty_text,
            "introduction": nasty_text,
        }
    )


@FUZZ
@given(data=st.data())
def test_briefing_form_never_crashes(admin_form, graph, superuser, data):
    payload = data.draw(briefing_data(graph, superuser))
    submit(admin_form(Briefing), payload)
    submit(admin_form(Briefing), payload, instance=graph["briefing"])


@VALID
@given(
    title=plain,
    status=st.sampled_from(Briefing.Status.values),
    moment=st.one_of(
        st.none(), st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1))
    ),
)
def test_well_formed_briefing_saves(admin_form, graph, superuser, title, status, moment):
    data = {
        "title": title,
        "slug": "",
        "status": status,
        "published_at_0": moment.date().isoformat() if moment else "",
        "published_at_1": moment.strftime("%H:%M:%S") if moment else "",
        "authors": [str(superuser.pk)],
        "tags": "trade",
        "standfirst": "",
        "introduction": "Some *Markdown*.",
    }
    valid, form = submit(admin_form(Briefing), data)
    assert valid, form.errors
    # Status is not a form field: it moves only through the workflow steps.
    assert form.instance.status == Briefing.Status.DRAFT


# --- through the admin views ----------------------------------------------------------------

# Each breaks a different layer: NUL, length, the key's type, its range, the calendar, bidi.
NASTY_VALUES = ["\x00", "x" * 20_000, "nonsense", "9" * 40, "2024-02-30", "\u202e🇰🇵"]


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def admin_posts(graph, superuser):
    """(admin URL, form data) pairs per model, for adding and for changing."""
    source, claim, citation, briefing = (
        graph[k] for k in ("source", "claim", "citation", "briefing")
    )
    source_inlines = {
        **inline_management("references"),
        **inline_management("versions"),
    }
    for value in NASTY_VALUES:
        source_fields = {
            "title": value,
            "slug": value,
            "kind": value,
            "url": value,
            "published_on": value,
            "published_precision": value,
            "date_status": value,
            "accessed_on": value,
            "language": value,
            "body": value,
            "tags": "trade",
            **source_inlines,
        }
        claim_fields = {
            "statement": value,
            "status": value,
            "tags": "trade",
            "event_date": value,
            "event_precision": value,
            "editor_notes": value,
            **inline_management("citations", total=1),
            "citations-0-source": value,
            "citations-0-stance": value,
            "citations-0-position": value,
            "citations-0-quote": value,
            "citations-0-attribution": value,
        }
        citation_fields = {
            "claim": value,
            "source": str(source.pk),
            "quote": value,
            "attribution": value,
            "stance": value,
            "position": value,
        }
        briefing_fields = {
            "title": value,
            "slug": value,
            "status": "published",
            "published_at_0": value,
            "published_at_1": value,
            "authors": [str(superuser.pk)],
            "tags": "trade",
            "standfirst": value,
            "introduction": value,
            **inline_management("sections"),
        }
        yield reverse("admin:sources_source_add"), source_fields
        yield reverse("admin:sources_source_change", args=[source.pk]), source_fields
        yield reverse("admin:briefings_claim_add"), claim_fields
        yield reverse("admin:briefings_claim_change", args=[claim.pk]), claim_fields
        yield reverse("admin:briefings_citation_add"), citation_fields
        yield reverse("admin:briefings_citation_change", args=[citation.pk]), citation_fields
        yield reverse("admin:briefings_briefing_add"), briefing_fields
        yield reverse("admin:briefings_briefing_change", args=[briefing.pk]), briefing_fields


def test_nasty_payloads_through_the_admin_views_never_give_a_500(client, graph, superuser):
    client.force_login(superuser)
    client.raise_request_exception = False
    answered = []
    for url, data in admin_posts(graph, superuser):
        response = client.post(url, data)
        answered.append(
            (url, repr(data.get("title", data.get("quote")))[:20], response.status_code)
        )
    errors = [answer for answer in answered if answer[2] >= 500]
    assert not errors, errors
    # Every bad value is refused with the form shown again (200), never silently accepted.
    assert all(status == 200 for *_, status in answered), answered
