"""Importing files from the admin: the same per-file results as import_sources."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client
from django.urls import resolve, reverse

from sources.importing import MAX_FILE_BYTES
from sources.models import Source, SourceOverlap
from sources.uploads import SizeLimitUploadHandler

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


# --- Bounded uploads, encodings, empty files ------------------------------------------------------


def test_an_empty_file_is_named_with_its_reason_and_the_others_import(staff_client):
    """An empty file used to fail the whole form; now it is one failed row among the results."""
    response = staff_client.post(
        reverse(IMPORT_URL), {"files": [upload("good.txt", GOOD), upload("empty.txt", b"")]}
    )
    results = response.context["results"]
    assert response.status_code == 200
    assert Source.objects.get().title == "Rail links across the Tumen"
    assert {"name": "empty.txt", "outcome": "failed", "reason": "empty file"} in results


def test_an_oversized_file_is_skipped_while_read_and_the_others_import(staff_client):
    """The file over the limit is dropped as it streams in, named with the limit."""
    big = upload("big.txt", b"x" * (MAX_FILE_BYTES + 1))
    response = staff_client.post(reverse(IMPORT_URL), {"files": [big, upload("good.txt", GOOD)]})
    assert response.status_code == 200
    assert Source.objects.get().title == "Rail links across the Tumen"
    content = response.content.decode()
    assert "big.txt" in content
    assert "file too large (over the limit of 2 MB per file)" in content
    assert "1 failed" in content


def test_only_oversized_files_give_results_not_a_missing_files_error(staff_client):
    big = upload("big.txt", b"x" * (MAX_FILE_BYTES + 1))
    response = staff_client.post(reverse(IMPORT_URL), {"files": [big]})
    assert response.context["results"] == [
        {
            "name": "big.txt",
            "outcome": "failed",
            "reason": "file too large (over the limit of 2 MB per file)",
        }
    ]
    assert not response.context["form"].errors
    assert not Source.objects.exists()


def test_the_upload_handler_stops_a_file_at_the_limit():
    """Chunks are counted as they arrive: the one that passes the limit skips the file."""
    handler = SizeLimitUploadHandler(limit=10)
    handler.new_file("files", "a.txt", "text/plain", None)
    assert handler.receive_data_chunk(b"x" * 6, 0) == b"x" * 6
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 6, 6)
    handler.new_file("files", "b.txt", "text/plain", None)
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    assert handler.refused == [("a.txt", "file too large (over the limit of 10 bytes per file)")]


class ExplodingStream:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def test_a_request_over_the_total_limit_is_refused_before_its_body_is_read(admin_user, rf):
    """A 30 MB upload is refused from its Content-Length alone, with a page naming the limit."""
    request = rf.post(reverse(IMPORT_URL), {"dry_run": "on"})
    request.META["CONTENT_LENGTH"] = str(30 * 1024 * 1024)
    request._stream = ExplodingStream()
    request.user = admin_user
    response = resolve(reverse(IMPORT_URL)).func(request)
    response.render()
    assert response.status_code == 413
    content = response.content.decode()
    assert "The upload is too large (30 MB; the limit is 10 MB in all)." in content
    assert "Nothing was imported." in content


def test_a_body_with_too_much_form_text_gets_a_clear_page(staff_client):
    """3 MB of form fields (not files) used to give a bare 400; now it says what is wrong."""
    response = staff_client.post(
        reverse(IMPORT_URL), {"files": [upload("good.txt", GOOD)], "dry_run": "x" * 3_000_000}
    )
    assert response.status_code == 413
    assert "The form fields are too large (at most 2.5 MB besides the files)." in (
        response.content.decode()
    )
    assert not Source.objects.exists()


def test_a_too_large_form_elsewhere_gets_the_explained_400_page(staff_client):
    response = staff_client.post(
        reverse("admin:briefings_briefing_add"), {"introduction": "x" * 3_000_000}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "<h1>Bad request</h1>" in content and "too large" in content


def test_the_import_still_requires_a_csrf_token(django_user_model):
    """The view is CSRF-exempt only until the limits are installed; then it is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("csrf", "c@example.org", "pw"))
    data = {"files": [upload("good.txt", GOOD)]}
    assert client.post(reverse(IMPORT_URL), data).status_code == 403
    assert not Source.objects.exists()
    token = client.get(reverse(IMPORT_URL)).context["csrf_token"]
    data = {"files": [upload("good.txt", GOOD)], "csrfmiddlewaretoken": str(token)}
    assert client.post(reverse(IMPORT_URL), data).status_code == 200
    assert Source.objects.count() == 1


def test_a_utf16_upload_in_korean_imports(staff_client):
    text = "Title: 러시아와 북한의 철도\n---\n두 나라 사이의 철도 연결이 다시 열렸다.\n"
    response = staff_client.post(
        reverse(IMPORT_URL), {"files": [upload("ko.txt", text.encode("utf-16"))]}
    )
    assert response.status_code == 200
    assert Source.objects.get().title == "러시아와 북한의 철도"


def test_import_that_would_replace_a_held_text_needs_change_permission(role_client, make_source):
    """A user who may only add sources cannot replace a cited source's text by re-importing it."""
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sources.audit import entries_for

    held = make_source(url="https://example.org/held", body="The original text of the source.")
    adder = role_client("nobody")
    adder.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_source", "view_source"])
    )
    upload = SimpleUploadedFile(
        "held.txt", b"Title: Held\nURL: https://example.org/held\n---\nA replaced text.\n"
    )
    page = adder.post(reverse("admin:sources_source_import"), {"files": [upload]})
    assert "needs permission to change sources" in page.content.decode()
    held.refresh_from_db()
    assert held.body == "The original text of the source."
    author = role_client("Authors")  # authors may change sources
    upload.seek(0)
    author.post(reverse("admin:sources_source_import"), {"files": [upload]})
    held.refresh_from_db()
    assert held.body == "A replaced text.\n" or held.body.startswith("A replaced text.")
    assert entries_for("import").get().user == author.user


def test_reimport_that_breaks_citations_says_so_in_the_results(role_client, make_claim):
    """A re-import is a source edit too: its row names what broke."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    claim = make_claim(statement="A claim resting on the old text.")
    source = claim.citations.get().source
    source.url = "https://example.org/reimported"
    source.save()
    upload = SimpleUploadedFile(
        "again.txt", b"Title: Again\nURL: https://example.org/reimported\n---\nAll new words.\n"
    )
    page = role_client("Authors").post(reverse("admin:sources_source_import"), {"files": [upload]})
    assert "broke 1 citation(s)" in page.content.decode()
