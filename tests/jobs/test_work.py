"""The work that runs as jobs: admin imports, shared material, re-anchoring, verifying again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from briefings.models import Citation, Claim
from jobs.models import Job, JobUpload
from sources.models import Source, SourceOverlap

from .test_jobs import DATABASE_TASKS, run_worker

IMPORT_URL = "admin:sources_source_import"
GOOD = b"Title: Rail links across the Tumen\nPublished: 2019-04\n---\nThe bridge carries freight.\n"
OTHER = b"Title: Port of Rajin\n---\nCoal was shipped onward from the port.\n"
TEXT = (
    "Opening paragraph. In 2014, Russia forgave 90% of the DPRK’s debt, and agreed for the "
    "remainder to be paid over a 20 year period. Labour migration is a unique facet. Closing."
)


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_a_multi_file_import_becomes_a_job_whose_results_show_on_the_page(role_client):
    client = role_client("Authors")
    response = client.post(
        reverse(IMPORT_URL),
        {"files": [upload("a.txt", GOOD), upload("b.txt", OTHER), upload("c.txt", b"")]},
    )
    job = Job.objects.get()
    assert (job.kind, job.status, job.started_by) == ("import_sources", "succeeded", client.user)
    assert (job.done, job.total) == (3, 3)
    assert job.summary == "3 files processed, 1 failed."
    assert [row["outcome"] for row in job.details] == ["created", "created", "failed"]
    assert not JobUpload.objects.exists()  # the stored files go once imported
    page = response.content.decode()
    assert reverse("admin:jobs_job_change", args=[job.pk]) in page
    assert "Rail links across the Tumen" in page and "empty file" in page
    # Imported for the user who asked, with the audit trail an inline import leaves.
    assert Source.objects.count() == 2


def test_one_small_file_is_imported_within_the_request(staff_client):
    response = staff_client.post(reverse(IMPORT_URL), {"files": [upload("a.txt", GOOD)]})
    assert not Job.objects.exists()
    assert response.context["results"][0]["outcome"] == "created"


def test_one_large_file_becomes_a_job(staff_client, settings):
    settings.JOBS_INLINE_IMPORT_BYTES = 10
    staff_client.post(reverse(IMPORT_URL), {"files": [upload("a.txt", GOOD)]})
    assert Job.objects.get().details[0]["outcome"] == "created"


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_queued_import_answers_at_once_and_the_worker_imports(staff_client, settings):
    # A superuser: the editorial groups, made by a migration, are gone in transactional tests.
    settings.TASKS = DATABASE_TASKS
    client = staff_client
    response = client.post(
        reverse(IMPORT_URL), {"files": [upload("a.txt", GOOD), upload("b.txt", OTHER)]}
    )
    job = Job.objects.get()
    page = response.content.decode()
    assert "runs in the background" in page
    assert reverse("admin:jobs_job_change", args=[job.pk]) in page
    assert not Source.objects.exists()  # the request did not wait for the import
    assert JobUpload.objects.filter(job=job).count() == 2
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (2, 2)
    assert set(Source.objects.values_list("title", flat=True)) == {
        "Rail links across the Tumen",
        "Port of Rajin",
    }
    # The job page lists each file's outcome.
    detail = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "a.txt" in detail and "created" in detail


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_saving_a_source_queues_its_shared_material_without_waiting(
    staff_client, make_source, settings
):
    settings.TASKS = DATABASE_TASKS
    text = " ".join(f"Sentence number {n} about rail links and ports." for n in range(12))
    first = make_source(body=text)
    second = make_source(body="Something else entirely, about fishing quotas in the north.")
    change = reverse("admin:sources_source_change", args=[second.pk])
    form = staff_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        body="Reprinted.\n" + text,
        tags="",
        **{
            "references-TOTAL_FORMS": "0",
            "references-INITIAL_FORMS": "0",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    data.pop("published_on", None)
    data.pop("accessed_on", None)
    response = staff_client.post(change, data, follow=True)
    assert response.status_code == 200
    assert "runs in the background" in response.content.decode()
    assert not SourceOverlap.objects.exists()
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert SourceOverlap.objects.involving(first).exists()


# --- Re-anchoring and verifying again: at once when small, a job when large ------------------


def edit_text(staff_client, source, body):
    change = reverse("admin:sources_source_change", args=[source.pk])
    form = staff_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        body=body,
        tags="",
        **{
            "references-TOTAL_FORMS": "0",
            "references-INITIAL_FORMS": "0",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    data.pop("published_on", None)
    data.pop("accessed_on", None)
    return staff_client.post(change, data, follow=True)


def test_many_citations_are_reanchored_by_a_job_and_the_editor_sees_what_is_affected(
    staff_client, make_source, make_claim, make_briefing, settings
):
    settings.JOBS_INLINE_CITATIONS = 1
    source = make_source(body=TEXT)
    kept = make_claim(source=source, quote="Labour migration", statement="Migration claim")
    lost = make_claim(source=source, quote="a unique facet", statement="Facet claim")
    make_briefing(claims=[kept], title="Live briefing")
    response = edit_text(staff_client, source, TEXT.replace("a unique facet", "one facet"))
    job = Job.objects.get(kind=Job.Kind.REANCHOR_CITATIONS)
    page = response.content.decode()
    # At once, before the job's outcome: which claims and published briefings are affected.
    assert f"background job #{job.pk}" in page
    assert "Migration claim" in page and "Facet claim" in page and "Live briefing" in page
    # The job did the work (at once in tests) and says what broke.
    assert job.status == Job.Status.SUCCEEDED
    assert "broke 1 citation(s)" in job.summary
    assert lost.citations.get().anchor_status == Citation.AnchorStatus.BROKEN
    assert Claim.objects.get(pk=lost.pk).status == Claim.Status.REVIEW


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_queued_reanchoring_waits_for_the_worker(staff_client, make_source, make_claim, settings):
    settings.TASKS = DATABASE_TASKS
    settings.JOBS_INLINE_CITATIONS = 1
    source = make_source(body=TEXT)
    make_claim(source=source, quote="Labour migration")
    lost = make_claim(source=source, quote="a unique facet").citations.get()
    edit_text(staff_client, source, TEXT.replace("a unique facet", "one facet"))
    lost.refresh_from_db()
    assert lost.anchor_status == Citation.AnchorStatus.VERIFIED  # not yet: the job waits
    run_worker()
    lost.refresh_from_db()
    assert lost.anchor_status == Citation.AnchorStatus.BROKEN
    assert Job.objects.get(kind=Job.Kind.REANCHOR_CITATIONS).status == Job.Status.SUCCEEDED


def test_verifying_many_citations_again_is_a_job_with_a_report(
    role_client, make_source, make_claim, settings
):
    settings.JOBS_INLINE_CITATIONS = 1
    source = make_source(body=TEXT)
    kept = make_claim(source=source, quote="Labour migration").citations.get()
    lost = make_claim(source=source, quote="a unique facet").citations.get()
    Source.objects.filter(pk=source.pk).update(body=TEXT.replace("a unique facet", "one facet"))
    client = role_client("Authors")
    response = client.post(
        reverse("admin:briefings_citation_changelist"),
        {"action": "reverify", "_selected_action": [kept.pk, lost.pk]},
        follow=True,
    )
    job = Job.objects.get(kind=Job.Kind.REVERIFY_CITATIONS)
    assert (job.started_by, job.done, job.total) == (client.user, 2, 2)
    assert job.summary == "1 verified against the current text; 1 broken."
    assert job.details[0]["name"] == f"citation {lost.pk}"
    page = response.content.decode()
    assert job.summary in page and reverse("admin:jobs_job_change", args=[job.pk]) in page
    lost.refresh_from_db()
    assert lost.anchor_status == Citation.AnchorStatus.BROKEN


# --- Disagreements after a text is edited: a job, never the request --------------------------

TREATY_19 = (
    "Russia and North Korea signed the Treaty on Comprehensive Strategic Partnership in "
    "Pyongyang on 19 June 2024, during Putin's first visit in 24 years."
)
TREATY_18 = TREATY_19.replace("19 June 2024", "June 18, 2024")


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_an_edited_text_is_checked_for_disagreements_by_one_job_not_the_request(
    staff_client, make_source, settings
):
    from sources.models import SourceDisagreement

    settings.TASKS = DATABASE_TASKS
    make_source(body=TREATY_19)
    second = make_source(body="Something else entirely, about fishing quotas in the north.")
    assert Job.objects.count() == 0
    response = edit_text(staff_client, second, TREATY_18)
    assert response.status_code == 200 and "runs in the background" in response.content.decode()
    assert not SourceDisagreement.objects.exists()  # the request did not read every text
    # The text change and the admin's save asked for the same job: it is queued once.
    job = Job.objects.get()
    assert (job.kind, job.status, job.arguments) == (
        "find_shared_material",
        "queued",
        [[second.pk]],
    )
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert SourceDisagreement.objects.involving({second.pk}).get().kind == "date"


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_text_saved_twice_before_a_worker_comes_is_checked_once(make_source, settings):
    settings.TASKS = DATABASE_TASKS
    source = make_source(body=TREATY_19)
    for body in (TREATY_18, TREATY_19 + " Updated."):
        source.body = body
        source.save()
    job = Job.objects.get()
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)


def test_with_jobs_run_at_once_an_edited_text_is_rechecked_at_once(make_source):
    from sources.models import SourceDisagreement

    make_source(body=TREATY_19)
    second = make_source(body="Something else entirely, about fishing quotas in the north.")
    second.body = TREATY_18
    second.save()
    assert SourceDisagreement.objects.involving({second.pk}).exists()
    assert Job.objects.get().status == Job.Status.SUCCEEDED
