"""The sources admin: lists, search, the "cited by" panel and protected deletion."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import Job
from sources.models import Source, SourceOverlap, SourceReference
from sources.services import disagreements_refresh

pytestmark = pytest.mark.django_db

PROTECTED = "would require deleting the following protected related objects"


def url(model, action, *args):
    return reverse(admin_urlname(model._meta, action), args=args)


def sources_models():
    return [model for model in admin.site._registry if model._meta.app_label == "sources"]


def make_overlap(left, right, **kwargs):
    kwargs.setdefault("kind", SourceOverlap.Kind.PARAPHRASE)
    kwargs.setdefault("score", 0.75)
    kwargs.setdefault("passages", [{"left": "World War II", "right": "Global Struggle II"}])
    left, right = sorted([left, right], key=lambda s: s.pk)
    return SourceOverlap.objects.create(left=left, right=right, **kwargs)


def test_every_sources_admin_page_renders(staff_client, rf, admin_user, make_source, make_claim):
    """Each registered sources model has a changelist, add and change page answering 200."""
    request = rf.get("/")
    request.user = admin_user
    make_claim()
    make_overlap(make_source(), make_source())
    make_source(body="Russia and North Korea signed the partnership treaty on 19 June 2024.")
    make_source(body="Russia and North Korea signed the partnership treaty on 18 June 2024.")
    disagreements_refresh()
    assert sources_models(), "the sources app registers its models"
    for model in sources_models():
        obj = model.objects.first()
        assert obj is not None, model
        addresses = [url(model, "changelist"), url(model, "change", obj.pk)]
        if admin.site._registry[model].has_add_permission(request):
            addresses.append(url(model, "add"))
        for address in addresses:
            response = staff_client.get(address)
            assert response.status_code == 200, address


def test_shared_material_is_read_only_and_shown_on_the_source(staff_client, make_source):
    """Computed overlaps can be read but not added; each source's page links the other."""
    paraphrase, original = make_source(title="Reworded copy"), make_source(title="Original")
    overlap = make_overlap(paraphrase, original)
    assert staff_client.get(url(SourceOverlap, "add")).status_code == 403
    detail = staff_client.get(url(SourceOverlap, "change", overlap.pk)).content.decode()
    assert "Global Struggle II" in detail
    page = staff_client.get(url(Source, "change", paraphrase.pk)).content.decode()
    assert url(Source, "change", original.pk) in page
    assert "close paraphrase, 75%" in page


def test_find_shared_material_action(staff_client, make_source):
    """The action recomputes overlaps for the selected sources and reports how many it found."""
    text = " ".join(f"Sentence number {n} about rail links and ports." for n in range(12))
    first, second = make_source(body=text), make_source(body=text)
    data = {"action": "find_shared_material", "_selected_action": [first.pk]}
    response = staff_client.post(url(Source, "changelist"), data)
    assert response.status_code == 302
    assert SourceOverlap.objects.involving(second).exists()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    # A job (run at once in tests): its result, and a link to its page.
    job = Job.objects.get()
    assert (job.kind, job.status) == ("find_shared_material", "succeeded")
    assert job.started_by.username == response.wsgi_request.user.username
    assert len(shown) == 1
    assert "1 pair of sources sharing material found." in shown[0]
    assert reverse("admin:jobs_job_change", args=[job.pk]) in shown[0]


def test_changelist_shows_columns_and_citation_count(staff_client, make_source, make_claim):
    """The list shows the honest date and how many citations each source has."""
    source = make_source(title="Cited twice")
    make_claim(source=source)
    make_claim(source=source)
    response = staff_client.get(url(Source, "changelist"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == source.pk)
    assert row.citation_count == 2
    assert "date unknown" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [("Pyongyang", "Hidden word"), ("Daily Planet", "Press item"), ("Kim;", "By author")],
)
def test_search_covers_title_publisher_authors_and_body(staff_client, make_source, query, found):
    """Searching matches a source's title, publisher, authors or full text."""
    make_source(title="Hidden word", body="Talks in Pyongyang went on.")
    make_source(title="Press item", publisher="Daily Planet")
    make_source(title="By author", authors="Kim; Lee")
    make_source(title="Unrelated")
    response = staff_client.get(url(Source, "changelist"), {"q": query})
    titles = [s.title for s in response.context["cl"].result_list]
    assert titles == [found]


def test_filters_by_kind_and_tag(staff_client, make_source):
    """The kind and topic filters narrow the list."""
    paper = make_source(title="A paper", kind=Source.Kind.PAPER)
    paper.tags.add("energy")
    make_source(title="A report", kind=Source.Kind.NEWS)
    changelist = url(Source, "changelist")
    by_kind = staff_client.get(changelist, {"kind__exact": "paper"})
    assert [s.title for s in by_kind.context["cl"].result_list] == ["A paper"]
    tag_id = paper.tags.get().pk
    by_tag = staff_client.get(changelist, {"tags__id__exact": tag_id})
    assert [s.title for s in by_tag.context["cl"].result_list] == ["A paper"]


def test_add_source_with_listed_references(staff_client):
    """A source and the references it lists are saved together; derived fields are computed."""
    data = {
        "title": "New paper",
        "slug": "",
        "kind": "paper",
        "publisher": "",
        "authors": "",
        "url": "",
        "language": "en",
        "tags": "trade, Energy",
        "date_status": "estimated",
        "published_on": "2019-01-01",
        "published_precision": "year",
        "accessed_on": "",
        "body": "Trade grew in 2019. Energy deals followed.",
        "reliability_notes": "",
        "assessment": "analysis",
        "quotations": "none",
        "derived_from": "",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-0-position": "1",
        "references-0-title": "Annual report",
        "references-0-url": "https://example.org/report",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url(Source, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(title="New paper")
    assert source.slug == "new-paper"
    assert source.word_count == 7
    assert len(source.fingerprint) == 64
    assert SourceReference.objects.get(source=source).title == "Annual report"


def test_model_validation_shows_in_the_form(staff_client):
    """A date marked known but not given is refused with the model's message."""
    data = {
        "title": "Undated",
        "kind": "news",
        "language": "en",
        "date_status": "known",
        "published_precision": "day",
        "body": "Some text.",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url(Source, "add"), data)
    assert response.status_code == 200
    assert "Give the publication date" in response.content.decode()
    assert not Source.objects.filter(title="Undated").exists()


def test_change_page_lists_the_claims_citing_it(staff_client, make_source, make_claim):
    """The "cited by" panel shows each quoted passage with a link to its claim's admin page."""
    source = make_source()
    claim = make_claim(source=source, quote="Labour migration is a unique facet")
    response = staff_client.get(url(Source, "change", source.pk))
    content = response.content.decode()
    assert "Labour migration is a unique facet" in content
    assert reverse("admin:briefings_claim_change", args=[claim.pk]) in content
    assert "View on site" in content


def test_cited_by_panel_escapes_html_in_quotes(staff_client, make_source, make_claim):
    """A passage containing markup is shown as text, never as HTML."""
    source = make_source(body="The page said <script>alert(1)</script> and nothing else.")
    make_claim(source=source, quote="<script>alert(1)</script>")
    content = staff_client.get(url(Source, "change", source.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content


def test_cited_by_panel_query_count_does_not_grow(staff_client, make_source, make_claim):
    """The panel reads all citations with their claims in one query."""
    source = make_source()
    counts = []
    for _ in range(2):
        for _ in range(3):
            make_claim(source=source)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url(Source, "change", source.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_deleting_a_cited_source_is_refused(staff_client, make_source, make_claim):
    """The delete page names the protecting citations and a confirmed POST deletes nothing."""
    source = make_source()
    make_claim(source=source)
    delete = url(Source, "delete", source.pk)
    page = staff_client.get(delete)
    assert page.status_code == 200
    assert PROTECTED in page.content.decode()
    posted = staff_client.post(delete, {"post": "yes"})
    assert posted.status_code == 200
    assert PROTECTED in posted.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


def test_bulk_delete_of_a_cited_source_is_refused(staff_client, make_source, make_claim):
    """The "delete selected" action refuses too, and deletes none of the selection."""
    cited, uncited = make_source(), make_source()
    make_claim(source=cited)
    data = {"action": "delete_selected", "_selected_action": [cited.pk, uncited.pk]}
    changelist = url(Source, "changelist")
    page = staff_client.post(changelist, data)
    assert PROTECTED in page.content.decode()
    confirmed = staff_client.post(changelist, {**data, "post": "yes"})
    assert PROTECTED in confirmed.content.decode()
    assert Source.objects.filter(pk__in=[cited.pk, uncited.pk]).count() == 2


def test_an_uncited_source_can_be_deleted(staff_client, make_source):
    """Protection applies only to cited sources."""
    source = make_source()
    response = staff_client.post(url(Source, "delete", source.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


def test_changelist_query_count_does_not_grow_with_rows(staff_client, make_source, make_claim):
    """The source list runs as many queries for 30 sources as for 5."""
    changelist = url(Source, "changelist")
    counts = []
    for total in (5, 30):
        while Source.objects.count() < total:
            make_claim(source=make_source())
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(changelist).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_editors_assess_a_source_as_a_copy_of_another(staff_client, make_source):
    """The change form edits the assessment and the original (autocomplete), with clean()'s checks."""
    original = make_source(title="Clean original")
    copy = make_source(title="Reworded copy")
    address = url(Source, "change", copy.pk)
    form = staff_client.get(address).content.decode()
    assert 'name="assessment"' in form and 'name="quotations"' in form
    assert 'name="derived_from"' in form and "admin-autocomplete" in form
    data = {
        "title": copy.title,
        "slug": copy.slug,
        "kind": copy.kind,
        "body": copy.body,
        "date_status": copy.date_status,
        "published_precision": copy.published_precision,
        "assessment": Source.Assessment.REWORDED,
        "quotations": Source.Quotations.RELIABLE,
        "derived_from": original.pk,
        "references-TOTAL_FORMS": 0,
        "references-INITIAL_FORMS": 0,
        "versions-TOTAL_FORMS": 0,
        "versions-INITIAL_FORMS": 0,
    }
    refused = staff_client.post(address, data)
    assert refused.status_code == 200
    assert "changes the words of the people it quotes" in refused.content.decode()
    data["quotations"] = Source.Quotations.UNRELIABLE
    assert staff_client.post(address, data).status_code == 302
    copy.refresh_from_db()
    assert (copy.assessment, copy.derived_from) == (Source.Assessment.REWORDED, original)


def test_a_new_sources_kind_is_asked_for_not_set_to_other(staff_client):
    """The add form offers no kind by default; leaving it empty is refused with a reason."""
    from django.urls import reverse

    page = staff_client.get(reverse("admin:sources_source_add")).content.decode()
    assert '<option value="" selected>---------</option>' in page
    response = staff_client.post(
        reverse("admin:sources_source_add"),
        {"title": "No kind", "kind": "", "body": "Some text.", "date_status": "unknown"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
