"""Citations of passages not in English: the original verbatim, marked with its language, and
the editor's translation, in the admin and on the pages readers see.

The Russian and Korean texts were written for these tests.
"""

import datetime

import pytest
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse
from django.utils.html import escape

from briefings.models import Citation, Claim

from .test_admin import citation_form, claim_data, management

pytestmark = pytest.mark.django_db

RU_BODY = "Министр заявил: «Договор вступит в силу после ратификации». Других заявлений не было."
KO_BODY = "외무성은 「조약은 비준 후 발효된다」고 밝혔다."


def add_url():
    return reverse(admin_urlname(Claim._meta, "add"))


def test_the_admin_asks_for_a_translation_of_a_passage_not_in_english(staff_client, make_source):
    source = make_source(body=RU_BODY, language="ru")
    quote = "Договор вступит в силу после ратификации"
    data = claim_data(**management("citations", 1), **citation_form(0, source, quote))
    response = staff_client.post(add_url(), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[0]["translation"] == [
        f"“{source.title}” is not in English (ru): translate the passage for readers; the "
        "original stays as quoted."
    ]
    assert not Claim.objects.exists()

    data[("citations-0-translation")] = "The treaty will enter into force after ratification"
    assert staff_client.post(add_url(), data).status_code == 302
    citation = Citation.objects.get()
    assert citation.exact == "Договор вступит в силу после ратификации"
    assert citation.translation.startswith("The treaty")


@pytest.mark.parametrize("language", ["", "en", "en-GB"])
def test_no_translation_is_asked_for_english_or_unknown_languages(
    staff_client, make_source, language
):
    source = make_source(language=language)
    quote = "Democratic People's Republic of Korea"
    data = claim_data(**management("citations", 1), **citation_form(0, source, quote))
    assert staff_client.post(add_url(), data).status_code == 302


def test_readers_see_the_original_marked_with_its_language_and_the_translation(client, make_source):
    ru = make_source(body=RU_BODY, language="ru")
    ko = make_source(
        body=KO_BODY,
        language="ko",
        url="https://example.org/ko",
        archived_url="https://web.archive.org/web/2024/https://example.org/ko",
        archived_on=datetime.date(2024, 6, 20),
    )
    claim = Claim.objects.create(
        statement="The treaty takes effect after ratification.", status=Claim.Status.VERIFIED
    )
    Citation.objects.create(
        claim=claim,
        source=ru,
        quote="«Договор вступит в силу после ратификации»",
        translation="“The treaty will enter into force after ratification”",
    )
    Citation.objects.create(
        claim=claim, source=ko, quote="조약은 비준 후 발효된다", translation="<b>The treaty</b>"
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<bdi lang="ru">«Договор вступит в силу после ратификации»</bdi>' in page
    assert '<bdi lang="ko">조약은 비준 후 발효된다</bdi>' in page
    assert escape("“The treaty will enter into force after ratification”") in page
    assert escape("<b>The treaty</b>") in page and "<b>The treaty</b>" not in page
    assert 'href="https://web.archive.org/web/2024/https://example.org/ko"' in page
    assert "Archived copy</a> of 20 June 2024" in page
