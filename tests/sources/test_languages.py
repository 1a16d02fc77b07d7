"""Russian and Korean sources: normalising, quoting, re-anchoring, importing, slugs, exports.

The Russian and Korean texts here were written for these tests.
"""

import datetime
import hashlib
import json
import unicodedata

import pytest
import rispy
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from briefings.models import Citation, Claim
from sources import exports, text
from sources.importing import parse_html, parse_text
from sources.models import Source
from sources.romanize import compose, decompose, romanize, romanize_word
from sources.services import source_import

RU_TEXT = (
    "Москва и Пхеньян подписали договор о стратегическом партнёрстве. Текст договора "
    "опубликован на сайте министерства. В договоре говорится о взаимной помощи. Министр назвал "
    "документ «историческим шагом» для обеих стран."
)
KO_TEXT = (
    "러시아와 북한은 포괄적 전략 동반자 관계에 관한 조약을 체결했다. 두 나라 외무성은 "
    "「역사적인 조약」이라고 발표했다. 북러조약의 전문은 관영 매체에 실렸다."
)

# Letters, marks and jamo that normalising must keep whole.
SCRIPTS = st.text(
    alphabet=st.sampled_from(
        list("조약을북러한국가각 ёЁеЕжЖaéZ«»„“「」『』\"' \n")
        + ["\u0301", "\u0300", "\u0308", "\u1100", "\u1161", "\u11a8", "\u3131", "\u314f"]
        + ["\u00a0", "\u2014", "\ufb01"]
    ),
    max_size=60,
)


# --- normalising ----------------------------------------------------------------------------


@given(SCRIPTS)
def test_normalize_is_idempotent_for_hangul_cyrillic_and_marks(value):
    once = text.normalize(value)
    assert text.normalize(once) == once


@given(SCRIPTS)
def test_normalize_keeps_syllables_and_accented_letters_composed(value):
    """The normalised text is composed: no syllable in jamo, no letter apart from its accent."""
    normalised = text.normalize(value)
    assert unicodedata.normalize("NFC", normalised) == normalised


@given(SCRIPTS)
def test_every_normalised_character_maps_to_a_whole_character_of_the_original(value):
    normalised, index_map = text.normalize_with_map(value)
    assert len(index_map) == len(normalised)
    assert index_map == sorted(index_map)
    for index in index_map:
        assert 0 <= index < len(value)
        end = text.char_end(value, index)
        assert end == len(value) or not text._continues(value[end])


@given(body=SCRIPTS, data=st.data())
def test_a_located_quote_never_begins_or_ends_inside_a_character(body, data):
    start = data.draw(st.integers(0, len(body)))
    end = data.draw(st.integers(start, len(body)))
    anchor = text.locate_quote(body, body[start:end])
    if anchor is None:
        return
    assert body[anchor.start : anchor.end] == anchor.exact
    assert anchor.start == 0 or not text._continues(body[anchor.start])
    assert anchor.end == len(body) or not text._continues(body[anchor.end])


def _old_fingerprint(value):
    """The fingerprint as computed before characters were kept composed (NFKD per character)."""
    out, in_space = [], False
    for char in value:
        if char.isspace():
            if not in_space:
                out.append(" ")
                in_space = True
            continue
        folded = char.translate(text._FOLD)
        if folded == char:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = char if len(decomposed) > 1 and decomposed[0].isspace() else decomposed
        for piece in folded:
            if piece.isspace():
                if in_space:
                    continue
                in_space, piece = True, " "
            else:
                in_space = False
            out.append(piece)
    return hashlib.sha256("".join(out).strip().encode()).hexdigest()


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF) | st.just("’")))
def test_fingerprints_of_latin_texts_are_what_they_were(value):
    """Stored fingerprints stay valid: an unchanged text is not taken for a changed one."""
    assert text.fingerprint(value) == _old_fingerprint(value)


def test_fingerprint_of_hangul_is_the_same_composed_or_in_jamo():
    assert text.fingerprint("조약") == text.fingerprint(unicodedata.normalize("NFD", "조약"))


# --- quoting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "exact"),
    [
        ('назвал документ "историческим шагом"', "назвал документ «историческим шагом»"),
        ("назвал документ „историческим шагом“", "назвал документ «историческим шагом»"),
        ("в партнерстве", None),  # not a passage: the text says "о стратегическом"
        ("стратегическом партнерстве", "стратегическом партнёрстве"),  # е typed for ё
    ],
)
def test_russian_quotes_match_whatever_the_quotation_marks_and_yo(quote, exact):
    anchor = text.locate_quote(RU_TEXT, quote)
    assert (anchor.exact if anchor else None) == exact


def test_korean_corner_brackets_are_quotation_marks():
    anchor = text.locate_quote(KO_TEXT, '"역사적인 조약"이라고')
    assert anchor.exact == "「역사적인 조약」이라고"
    assert KO_TEXT[anchor.start : anchor.end] == anchor.exact


def test_a_korean_quote_never_ends_inside_a_syllable():
    """조 is a syllable of its own; 조약 is not the first part of 조약을's jamo, but ends on 약."""
    assert text.locate_quote("각", "가") is None
    jamo = unicodedata.normalize("NFD", "조약을 체결")
    assert text.locate_quote(jamo, "조약") is not None
    anchor = text.locate_quote(jamo, "조약을")
    assert unicodedata.normalize("NFC", anchor.exact) == "조약을"
    assert text.locate_quote(jamo, "조야") is None  # would cut 약 into 야 and ㄱ


def test_source_text_is_stored_composed_and_offsets_count_syllables(make_source):
    source = make_source(body=unicodedata.normalize("NFD", KO_TEXT), language="ko")
    assert source.body == KO_TEXT
    claim = Claim.objects.create(statement="Russia and North Korea signed a treaty.")
    citation = Citation.objects.create(
        claim=claim, source=source, quote="조약을 체결했다", translation="concluded a treaty"
    )
    assert source.body[citation.start : citation.end] == "조약을 체결했다"
    assert citation.is_verified


def test_a_russian_citation_is_reanchored_after_its_text_changes(make_source):
    source = make_source(body=RU_TEXT, language="ru")
    claim = Claim.objects.create(statement="The treaty text was published.")
    citation = Citation.objects.create(
        claim=claim, source=source, quote="Текст договора опубликован на сайте министерства."
    )
    source.body = "Сообщение ТАСС-подобного агентства. " + RU_TEXT.replace("сайте", "портале")
    source.save()
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.REANCHORED
    assert source.body[citation.start : citation.end] == citation.exact
    assert "портале" in citation.exact


def test_a_korean_citation_is_reanchored_after_its_text_changes(make_source):
    source = make_source(body=KO_TEXT, language="ko")
    claim = Claim.objects.create(statement="The full text appeared in state media.")
    citation = Citation.objects.create(
        claim=claim, source=source, quote="북러조약의 전문은 관영 매체에 실렸다."
    )
    source.body = "속보. " + KO_TEXT
    source.save()
    citation.refresh_from_db()
    assert not citation.is_broken
    assert citation.start == KO_TEXT.index("북러조약") + len("속보. ")
    assert source.body[citation.start : citation.end] == "북러조약의 전문은 관영 매체에 실렸다."


# --- importing --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "language", "body", "slug"),
    [
        ("Договор о партнёрстве", "ru", RU_TEXT, "dogovor-o-partnerstve"),
        ("북러 조약 체결", "ko", KO_TEXT, "bungneo-joyak-chegyeol"),
    ],
)
def test_importing_a_russian_or_korean_text(tmp_path, title, language, body, slug):
    path = tmp_path / "doc.txt"
    path.write_text(f"Title: {title}\nLanguage: {language}\n---\n{body}\n", encoding="utf-8")
    result = source_import(path_or_document=path)
    source = result.source
    assert (source.title, source.language, source.slug) == (title, language, slug)
    assert source.body.strip() == body
    again = source_import(path_or_document=path)
    assert again.outcome == "unchanged"


def test_an_imported_header_keeps_its_language():
    assert parse_text("Title: 조약\nLanguage: ko-KP\n---\n본문").language == "ko-KP"


# --- slugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("조약을", "joyageul"),
        ("한국", "hanguk"),
        ("종로", "jongno"),
        ("신라", "silla"),
        ("백마", "baengma"),
        ("독립문", "dongnimmun"),
        ("같이", "gachi"),
        ("좋고", "joko"),
        ("평양", "pyeongyang"),
        ("대통령", "daetongnyeong"),
        ("협력", "hyeomnyeok"),
        ("설날", "seollal"),
        ("북한", "bukhan"),
        ("북러", "bungneo"),
        ("많이", "mani"),
    ],
)
def test_korean_is_written_in_the_revised_romanization(word, expected):
    assert romanize(word) == expected


SYLLABLES = st.integers(0xAC00, 0xD7A3).map(chr)


@given(SYLLABLES)
def test_a_syllable_decomposes_and_composes_back(syllable):
    assert compose(*decompose(syllable)) == syllable
    assert unicodedata.normalize("NFD", syllable) == "".join(
        chr(base + index)
        for base, index in zip((0x1100, 0x1161, 0x11A7), decompose(syllable), strict=True)
    ).replace("\u11a7", "")


@given(st.text(alphabet=SYLLABLES, min_size=1, max_size=12))
def test_romanised_korean_is_lowercase_ascii_with_a_vowel_per_syllable(word):
    roman = romanize_word(word)
    assert roman.isascii() and roman.isalpha() and roman == roman.lower()
    assert sum(roman.count(v) for v in "aeiouw") >= len(word) // 2


def test_romanize_leaves_other_scripts_alone():
    assert romanize("Договор 조약 2024") == "Договор joyak 2024"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Договор о всеобъемлющем стратегическом партнёрстве", "dogovor-o-vseobemliushchem"),
        ("북러 포괄적 전략 동반자 관계 조약", "bungneo-pogwaljeok-jeollyak"),
    ],
)
def test_slugs_are_readable(title, slug):
    assert text.unique_slug(title, lambda s: False, max_length=30) == slug


def test_a_topic_in_korean_gets_a_romanised_slug():
    assert text.topic_slug("북한") == "bukhan"


# --- kinds, archived copies, language codes ---------------------------------------------------


def _valid(**fields):
    source = Source(title="T", body="Text.", **fields)
    source.full_clean(exclude=["slug"])
    return source


@pytest.mark.django_db
def test_an_archived_copy_must_be_a_safe_distinct_web_address():
    _valid(url="https://example.org/a", archived_url="https://web.archive.org/web/1/x")
    with pytest.raises(ValidationError) as error:
        _valid(url="https://example.org/a", archived_url="https://example.org/a")
    assert error.value.error_dict["archived_url"][0].code == "archive_is_live_url"
    with pytest.raises(ValidationError) as error:
        _valid(archived_on=datetime.date(2024, 6, 20))
    assert error.value.error_dict["archived_on"][0].code == "archive_date_without_url"
    with pytest.raises(ValidationError) as error:
        _valid(archived_url="javascript:alert(1)")
    assert "archived_url" in error.value.error_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "ok"), [("ru", True), ("ko-KP", True), ("en-GB", True)])
def test_language_codes_are_bcp_47(code, ok):
    _valid(language=code)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["russian", "ko_KP", "r", "ru-"])
def test_a_malformed_language_code_is_refused(code):
    with pytest.raises(ValidationError) as error:
        _valid(language=code)
    assert error.value.error_dict["language"][0].code == "bad_language"


ARCHIVED = {
    "url": "https://example.org/treaty",
    "archived_url": "https://web.archive.org/web/20240620000000/https://example.org/treaty",
    "archived_on": datetime.date(2024, 6, 20),
    "accessed_on": datetime.date(2024, 6, 21),
}


def _record(**fields):
    return Source(title="Treaty text", slug="treaty-text", body="x", **fields)


def test_exports_carry_the_archived_copy_beside_the_live_url():
    record = _record(kind=Source.Kind.TREATY, language="ru", **ARCHIVED)
    (item,) = json.loads(exports.to_csl_json([record]))
    assert item["type"] == "treaty"
    assert item["URL"] == ARCHIVED["url"]
    assert item["archive"] == "web.archive.org"
    assert item["archive_location"] == ARCHIVED["archived_url"]
    note = f"Archived copy: {ARCHIVED['archived_url']} (2024-06-20)"
    assert item["note"] == note
    (parsed,) = rispy.loads(exports.to_ris([record]))
    assert parsed["type_of_reference"] == "GOVDOC"
    assert parsed["urls"] == [ARCHIVED["url"]]
    assert parsed["notes"] == [note]
    bib = exports.to_bibtex([record])
    assert "urldate = {2024-06-21}" in bib
    assert "note = {Archived copy: https://web.archive.org/web/20240620000000/" in bib


def test_an_unsafe_archived_url_is_never_exported():
    record = _record(archived_url="javascript:alert(1)")
    item = exports.csl_item(record)
    assert "archive_location" not in item and "note" not in item


@pytest.mark.parametrize(
    ("kind", "csl_type", "schema"),
    [
        (Source.Kind.TREATY, "treaty", "Legislation"),
        (Source.Kind.STATEMENT, "webpage", "CreativeWork"),
        (Source.Kind.REPORT, "report", "Report"),
        (Source.Kind.DATASET, "webpage", "Dataset"),
    ],
)
def test_primary_material_kinds_have_fitting_types(kind, csl_type, schema):
    record = _record(kind=kind, url="https://example.org/doc")
    assert exports.csl_item(record)["type"] == csl_type
    assert exports.schema_org(record, "https://ours.example/s/")["@type"] == schema


def test_a_text_stored_decomposed_is_composed_and_its_citations_anchored_again(make_source):
    """Offsets computed on a decomposed text (stored before texts were composed) are redone."""
    source = make_source(body=KO_TEXT, language="ko")
    decomposed = unicodedata.normalize("NFD", KO_TEXT)
    Source.objects.filter(pk=source.pk).update(body=decomposed)
    source.refresh_from_db()
    claim = Claim.objects.create(statement="The text appeared in state media.")
    citation = Citation.objects.create(claim=claim, source=source, quote="관영 매체에 실렸다")
    assert citation.start == decomposed.index(unicodedata.normalize("NFD", "관영"))
    source.save()
    citation.refresh_from_db()
    assert source.body == KO_TEXT
    start = KO_TEXT.index("관영")
    assert (citation.start, citation.end) == (start, start + len("관영 매체에 실렸다"))
    assert source.body[citation.start : citation.end] == "관영 매체에 실렸다"
    assert not citation.is_broken


@pytest.mark.parametrize(
    ("declared", "language"),
    [("ru_RU", "ru-RU"), ("ko-KP", "ko-KP"), ("en-US, en", "en-US"), ("русский", "")],
)
def test_an_imported_page_keeps_the_language_it_declares(declared, language):
    html = (
        f'<html lang="{declared}"><head><title>Договор</title></head><body><article><p>'
        + "Москва и Пхеньян подписали договор о партнёрстве. " * 20
        + "</p></article></body></html>"
    )
    assert parse_html(html).language == language
