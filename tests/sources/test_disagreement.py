"""Sources that disagree: the value parsers, the detector, the stored pairs and the report."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from sources.disagreement import (
    DATE,
    FIGURE,
    MONTHS,
    conflicting_values,
    find_disagreements,
    find_values,
    mask,
    same_value,
    sentence_spans,
    statements,
)
from sources.models import Source, SourceDisagreement
from sources.services import disagreement_review, disagreements_refresh

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Short texts of our own: the 2024 treaty dated differently, and two counts of workers.
TREATY_19 = (
    "Putin landed in Pyongyang shortly before dawn. Russia and North Korea signed the Treaty "
    "on Comprehensive Strategic Partnership in Pyongyang on 19 June 2024, during Putin's "
    "first visit in 24 years. The two leaders then attended a concert in the capital."
)
TREATY_18 = (
    "Kim greeted the Russian president at the airport. Russia and North Korea signed the "
    "Treaty on Comprehensive Strategic Partnership in Pyongyang on June 18, 2024, during "
    "Putin's first visit in 24 years. Analysts in Seoul called it a turning point."
)
WORKERS_20K = (
    "Remittances are hard to trace. About 20,000 North Korean labourers were still working on "
    "Russian building sites at the end of 2019, according to the ministry."
)
WORKERS_10K = (
    "Officials disagree on the numbers. About 10 000 North Korean labourers were still working "
    "on Russian building sites at the end of 2019, according to the ministry of labour."
)
UNRELATED = (
    "The factory in Khabarovsk employs 300 workers and produced 5,000 tonnes of steel in 2015. "
    "A new road bridge over the Tumen River is to cost $100 million and open by 2026. "
    "About 40,000 tourists from China were still visiting Rason at the end of 2019, guides said."
)
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

dates = st.dates(min_value=datetime.date(1600, 1, 1), max_value=datetime.date(2099, 12, 31))


def date_formats(day):
    month = MONTH_NAMES[day.month - 1]
    return [
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        day.isoformat(),
    ]


# --- the value parsers -------------------------------------------------------------------


@given(dates, st.integers(min_value=0, max_value=3))
def test_every_date_format_reads_as_its_day(day, form):
    text = date_formats(day)[form]
    [value] = find_values(f"It was signed on {text} in the capital.")
    assert (value.kind, value.text) == (DATE, text)
    assert (value.year, value.month, value.day) == (day.year, day.month, day.day)


@given(dates, dates, st.integers(0, 3), st.integers(0, 3))
def test_masking_hides_which_date_and_how_it_is_written(one, other, form, other_form):
    template = "Russia and North Korea signed the treaty on {} in Pyongyang."
    first = mask(template.format(date_formats(one)[form]))
    assert first == mask(template.format(date_formats(other)[other_form]))
    assert first.count("<date>") == 1


@given(st.integers(min_value=0, max_value=10**12))
def test_figures_read_the_same_with_any_thousands_separator(number):
    for written in (f"{number:,}", f"{number:,}".replace(",", " "), f"{number:,}".replace(",", "")):
        values = find_values(f"They counted {written} workers.")
        if not (1600 <= number <= 2099 and "," not in written and " " not in written):
            [value] = values
            assert (value.kind, value.amount, value.counted) == (FIGURE, number, "workers")


@given(
    st.decimals(min_value=1, max_value=999, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from([("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("bn", 1e9)]),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("", "")]),
)
def test_scales_and_currencies(amount, scale, currency):
    word, factor = scale
    sign, unit = currency
    joiner = "" if word == "bn" else " "
    [value] = find_values(f"The debt was {sign}{amount}{joiner}{word} in all.")
    assert value.amount == pytest.approx(float(amount) * factor)
    assert value.unit == unit


@given(dates, dates)
def test_dates_agree_exactly_when_equal_and_the_comparison_is_symmetric(one, other):
    [a] = find_values(date_formats(one)[0])
    [b] = find_values(date_formats(other)[1])
    assert same_value(a, b) == (one == other)
    assert same_value(a, b) == same_value(b, a)


def test_dates_compare_only_as_precisely_as_both_are_known():
    june, day, year, undated = (
        find_values(t)[0] for t in ("June 2024", "18 June 2024", "in 2024", "on 19 June")
    )
    assert same_value(june, day) is True
    assert same_value(year, day) is True
    assert same_value(undated, day) is False
    assert same_value(undated, year) is None  # no part in common


def test_what_is_not_a_value():
    assert find_values("the delegates may stay longer") == []
    assert find_values("the 12th congress of the party") == []
    assert find_values("after COVID-19 closed the border") == []
    assert find_values("trade in the 2000s grew") == []
    assert [v.kind for v in find_values("in 1948 and in May 1949")] == [DATE, DATE]


def test_figures_of_different_units_or_things_are_not_compared():
    dollars, percent = find_values("$90 billion and 90% of it")
    assert same_value(dollars, percent) is None
    workers, tonnes = find_values("10 000 workers and 10 000 tonnes")
    assert same_value(workers, tonnes) is None


def test_months_table_covers_names_and_abbreviations():
    assert MONTHS["june"] == MONTHS["jun"] == 6
    assert MONTHS["sept"] == MONTHS["sep"] == 9


@given(st.text(alphabet=st.sampled_from("ab .!?\n19Jne"), max_size=80))
def test_sentence_spans_are_ordered_trimmed_and_inside_the_text(text):
    spans = sentence_spans(text)
    reached = 0
    for start, end in spans:
        assert reached <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        reached = end


def test_statement_conflicts_need_comparable_values():
    stated = find_values("The treaty was signed on 19 June 2024 and covers $11 billion.")
    passage = find_values("Signed on 18 June 2024, when 10 000 workers were in Russia.")
    conflicts = conflicting_values(stated, passage)
    assert [(a.text, b.text) for a, b in conflicts] == [("19 June 2024", "18 June 2024")]


# --- the detector --------------------------------------------------------------------------


def test_a_date_disagreement_is_found():
    [found] = find_disagreements([TREATY_19, TREATY_18])
    assert found.kind == DATE
    assert (found.left_value.text, found.right_value.text) == ("19 June 2024", "June 18, 2024")
    assert TREATY_19[found.left.start : found.left.end] == found.left.text
    assert found.left.text.startswith("Russia and North Korea signed")
    assert TREATY_18[found.right.start : found.right.end] == found.right.text


def test_a_figure_disagreement_is_found():
    [found] = find_disagreements([WORKERS_20K, WORKERS_10K])
    assert found.kind == FIGURE
    assert (found.left_value.text, found.right_value.text) == ("20,000", "10 000")


def test_sentences_that_agree_or_speak_of_other_things_are_not_flagged():
    same = TREATY_19.replace("19 June 2024", "June 19, 2024")
    assert find_disagreements([TREATY_19, same]) == []
    assert find_disagreements([TREATY_19, WORKERS_20K, UNRELATED]) == []
    # Same shape, other subject: tourists are not labourers.
    assert find_disagreements([WORKERS_20K, UNRELATED]) == []


def test_a_text_without_full_stops_is_not_one_long_statement():
    table = " ".join(f"row {n} of the customs table lists {n * 100} tonnes" for n in range(40))
    other = table.replace("3900 tonnes", "3800 tonnes")
    assert statements(0, table) == []
    assert find_disagreements([table, other]) == []


def test_two_moments_of_a_series_are_not_a_disagreement():
    base = "Trade between Russia and North Korea reached {} in {}, customs figures showed."
    assert (
        find_disagreements([base.format("$50 million", 2019), base.format("$30 million", 2021)])
        == []
    )


def test_only_restricts_the_pairs_to_the_named_documents():
    texts = [TREATY_19, TREATY_18, WORKERS_20K, WORKERS_10K]
    assert {d.kind for d in find_disagreements(texts, only={2})} == {FIGURE}
    assert len(find_disagreements(texts)) == 2


def test_the_seeds_hold_no_disagreement():
    """Seeds 000–004 agree on every date they share (1948, 1991): nothing is flagged."""
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not beside the repository")
    texts = [path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert find_disagreements(texts) == []


# --- stored pairs, the command and the admin report -----------------------------------------


@pytest.fixture
def treaty_pair(make_source):
    first = make_source(title="Treaty <b>report</b>", body=TREATY_19, url="https://a.example/t")
    second = make_source(title="Treaty wire", body=TREATY_18, url="https://b.example/t")
    disagreements_refresh(sources=[second])  # what an import or the admin does on creation
    return first, second


def test_saving_sources_stores_the_pair_and_a_changed_text_rechecks_it(treaty_pair):
    first, second = treaty_pair
    pair = SourceDisagreement.objects.get()
    assert (pair.left, pair.right, pair.kind) == (first, second, "date")
    assert first.body[pair.left_start : pair.left_end] == pair.left_passage
    second.body = TREATY_18.replace("June 18, 2024", "June 19, 2024")
    second.save()  # the text changed: the receiver rechecks it
    assert not SourceDisagreement.objects.exists()


def test_a_verdict_survives_recomputation_and_moved_offsets(treaty_pair, admin_user):
    first, _second = treaty_pair
    [pair] = disagreements_refresh()
    disagreement_review(disagreement=pair, verdict="reporting", user=admin_user)
    first.body = "A new first sentence was added by the editors. " + TREATY_19
    first.save()
    pair = SourceDisagreement.objects.get()
    assert pair.verdict == "reporting" and pair.reviewed_by == admin_user
    assert first.body[pair.left_start : pair.left_end] == pair.left_passage


def test_importing_a_source_finds_its_disagreements(db, tmp_path):
    from sources.services import source_import

    for name, body in (("a", TREATY_19), ("b", TREATY_18)):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Title: Treaty {name}\n---\n{body}", "utf-8")
        source_import(path_or_document=path)
    assert SourceDisagreement.objects.count() == 1


def test_command_prints_each_pair_as_a_block(treaty_pair, make_source):
    make_source(title="Workers A", body=WORKERS_20K, url="https://c.example/w")
    make_source(title="Workers B", body=WORKERS_10K)
    out = StringIO()
    call_command("find_disagreements", "--recompute", stdout=out)
    text = out.getvalue()
    assert "2 pair(s) of passages disagree." in text
    blocks = text.split("== ")[1:]
    treaty = next(block for block in blocks if "Treaty" in block)
    assert treaty.startswith("date differs: not yet reviewed")
    assert "Treaty <b>report</b> <https://a.example/t>" in treaty
    assert "Treaty wire <https://b.example/t>" in treaty
    assert "value: 19 June 2024" in treaty and "value: June 18, 2024" in treaty
    assert f"“{TREATY_19.split('. ')[1]}.”" in treaty
    workers = next(block for block in blocks if "Workers" in block)
    assert "Workers B <no URL>" in workers and "value: 10 000" in workers


def test_command_dry_run_stores_nothing(treaty_pair):
    SourceDisagreement.objects.all().delete()
    out = StringIO()
    call_command("find_disagreements", "--recompute", "--dry-run", stdout=out)
    assert "1 pair(s) of passages disagree (dry run" in out.getvalue()
    assert not SourceDisagreement.objects.exists()


def test_report_shows_the_passages_side_by_side_escaped(staff_client, treaty_pair):
    pair = SourceDisagreement.objects.get()
    page = staff_client.get(reverse("admin:sources_sourcedisagreement_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Sources disagree</h1>" in html
    assert "Treaty &lt;b&gt;report&lt;/b&gt;" in html and "<b>report</b>" not in html
    assert "<mark>19 June 2024</mark>" in html and "<mark>June 18, 2024</mark>" in html
    change = staff_client.get(reverse("admin:sources_sourcedisagreement_change", args=[pair.pk]))
    assert 'class="side-by-side"' in change.content.decode()


def test_editor_marks_a_pair_and_needs_the_change_permission(role_client, treaty_pair):
    pair = SourceDisagreement.objects.get()
    url = reverse("admin:sources_sourcedisagreement_change", args=[pair.pk])
    author = role_client("Authors")  # holds change on sources
    response = author.post(url, {"verdict": "contradiction"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.verdict, pair.reviewed_by) == ("contradiction", author.user)
    assert pair.reviewed_at is not None

    reader = role_client("nobody")
    reader.user.user_permissions.add(Permission.objects.get(codename="view_source"))
    assert reader.get(url).status_code == 200
    assert reader.post(url, {"verdict": "different"}).status_code == 403
    pair.refresh_from_db()
    assert pair.verdict == "contradiction"


def test_an_unknown_verdict_is_refused_with_a_message(staff_client, treaty_pair):
    pair = SourceDisagreement.objects.get()
    url = reverse("admin:sources_sourcedisagreement_change", args=[pair.pk])
    response = staff_client.post(url, {"verdict": "maybe"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    pair.refresh_from_db()
    assert pair.verdict == "unreviewed"


def test_source_deleted_takes_its_pairs_along(treaty_pair):
    first, _second = treaty_pair
    assert SourceDisagreement.objects.count() == 1
    Source.objects.filter(pk=first.pk).delete()
    assert not SourceDisagreement.objects.exists()


def test_command_at_verbosity_zero_prints_only_the_count(treaty_pair):
    out = StringIO()
    call_command("find_disagreements", verbosity=0, stdout=out)
    assert out.getvalue() == "1 pair(s) of passages disagree.\n"


def test_command_can_list_only_the_unreviewed(treaty_pair, admin_user):
    disagreement_review(
        disagreement=SourceDisagreement.objects.get(), verdict="different", user=admin_user
    )
    out = StringIO()
    call_command("find_disagreements", "--unreviewed", stdout=out)
    assert out.getvalue() == "0 pair(s) of passages disagree.\n"


TREATY_SENTENCE = (
    "Intro sentence with enough words to stand alone here. Russia and North Korea signed the "
    "Treaty on Comprehensive Strategic Partnership in Pyongyang on {}, during a state visit."
)


@pytest.mark.parametrize(
    ("scaled", "written_out"),
    [("1.1 billion", "1,100,000,000"), ("$1.5 million", "$1,500,000"), ("0.3 million", "300,000")],
)
def test_a_scaled_figure_agrees_with_its_written_out_amount(scaled, written_out):
    """A decimal times its scale is not exact in floating point; it still agrees."""
    text = "Officials said. Trade reached {} in 2023 by the ministry's count."
    assert find_disagreements([text.format(scaled), text.format(written_out)]) == []


@given(dates, dates, st.integers(0, 3), st.integers(0, 3))
def test_one_sentence_dated_twice_disagrees_exactly_when_the_days_differ(one, other, form, form2):
    first, second = date_formats(one)[form], date_formats(other)[form2]
    found = find_disagreements([TREATY_SENTENCE.format(first), TREATY_SENTENCE.format(second)])
    if one == other:
        assert found == []
    else:
        [disagreement] = found
        assert disagreement.kind == DATE
        assert (disagreement.left_value.text, disagreement.right_value.text) == (first, second)


@given(st.integers(1, 10**9), st.integers(1, 10**9))
# Found by hypothesis: a tolerance of 1e-9 of the amount called these two the same.
@example(999_999_999, 10**9)
@example(999_999_999_999, 10**12)
def test_one_count_given_twice_disagrees_exactly_when_the_numbers_differ(one, other):
    text = "Officials said. About {:,} North Korean labourers were still working in Russia then."
    found = find_disagreements([text.format(one), text.format(other)])
    assert [d.kind for d in found] == ([] if one == other else [FIGURE])
