"""Importing files from the admin: the same per-file results as import_sources."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Source, SourceOverlap

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:sources_source_import"

GOOD = b"Title: Rail links across the Tumen\nPublished: 2019-04\n---\nThe bridge carries freight.\n"
CORRUPT = b"Title: Broken\n---\nBad bytes \xff\xfe here.\n"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_the_import_page_renders_and_is_linked_from_the_source_list(staff_client):
    assert staff_client.get(reverse(IMPORT_URL)).status_code == 200
    changelist = staff_client.get(reverse("admin:sources_source_changelist")).content.decode()
    assert reverse(IMPORT_URL) in changelist


def test_good_files_import_and_a_bad_one_is_named_with_its_reason(staff_client):
    """One corrupt file among good ones: the good ones import, the bad one is reported."""
    response = staff_client.post(
        reverse(IMPORT_URL),
        {"files": [upload("good.txt", GOOD), upload("bad.txt", CORRUPT)]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert Source.objects.get().title == "Rail links across the Tumen"
    assert "bad.txt" in content and "failed" in content and "UTF-8" in content
    assert "1 failed" in content


def test_importing_the_same_file_again_is_unchanged(staff_client):
    staff_client.post(reverse(IMPORT_URL), {"files": [upload("good.txt", GOOD)]})
    content = staff_client.post(
        reverse(IMPORT_URL), {"files": [upload("again.txt", GOOD)]}
    ).content.decode()
    assert "unchanged" in content
    assert Source.objects.count() == 1


def test_dry_run_stores_nothing(staff_client):
    content = staff_client.post(
        reverse(IMPORT_URL), {"files": [upload("good.txt", GOOD)], "dry_run": "on"}
    ).content.decode()
    assert "created" in content and "Dry run: nothing was stored." in content
    assert not Source.objects.exists()


def test_the_import_page_needs_permission_to_add(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_editing_a_text_in_the_admin_refreshes_shared_material(staff_client, make_source):
    """After an editor pastes a copy of another text, the pair is found."""
    paragraph = (
        "The railway link between Khasan and Rajin was rebuilt with Russian money in 2013. "
        "Freight volumes through the port of Rajin stayed far below what planners expected. "
        "Coal from Siberia was shipped onward to Chinese and South Korean buyers for a while. "
        "Officials in Moscow still describe the line as a gateway to the Korean peninsula."
    )
    original = make_source(body=paragraph)
    other = make_source(body="Something else entirely, about fishing quotas in the north.")
    change = reverse("admin:sources_source_change", args=[other.pk])
    form = staff_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        body="Reprinted.\n" + paragraph,
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
    response = staff_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    overlap = SourceOverlap.objects.get()
    assert {overlap.left, overlap.right} == {original, other}
