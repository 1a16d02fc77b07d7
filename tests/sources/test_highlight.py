"""The pure function that cuts a source's text around cited passages."""

from hypothesis import given
from hypothesis import strategies as st

from sources.highlight import split_passages


def test_text_without_passages_is_one_plain_segment():
    """With nothing cited the whole text is a single, uncovered segment."""
    (segment,) = split_passages("Plain text.", [])
    assert segment.text == "Plain text."
    assert segment.covering == ()


def test_overlapping_passages_are_cut_into_non_overlapping_segments():
    """Two overlapping passages give three segments; the middle one belongs to both."""
    text = "abcdefghij"
    segments = split_passages(text, [(1, 6, "a"), (4, 9, "b")])
    assert [(s.text, s.covering) for s in segments] == [
        ("a", ()),
        ("bcd", ("a",)),
        ("ef", ("a", "b")),
        ("ghi", ("b",)),
        ("j", ()),
    ]
    assert [s.opening for s in segments] == [(), ("a",), ("b",), (), ()]
    assert [s.closing for s in segments] == [(), (), ("a",), ("b",), ()]


def test_adjacent_passages_do_not_merge():
    """A passage ending where the next begins leaves two separate segments."""
    segments = split_passages("aaabbb", [(0, 3, "x"), (3, 6, "y")])
    assert [(s.text, s.covering) for s in segments] == [("aaa", ("x",)), ("bbb", ("y",))]


def test_identical_and_nested_passages_cover_the_same_segment():
    """The same passage cited twice opens and closes twice on one segment."""
    segments = split_passages("0123456789", [(2, 8, "outer"), (2, 8, "twin"), (4, 5, "inner")])
    assert segments[1].opening == ("outer", "twin")
    assert segments[2].covering == ("outer", "twin", "inner")


def test_spans_outside_the_text_are_clipped_and_empty_ones_ignored():
    """Stale offsets never raise or invent text."""
    segments = split_passages("short", [(3, 99, "late"), (4, 4, "empty"), (-5, 1, "early")])
    assert "".join(s.text for s in segments) == "short"
    assert all("empty" not in s.covering for s in segments)


spans = st.lists(
    st.tuples(st.integers(-5, 60), st.integers(-5, 60), st.integers(0, 9)), max_size=12
)


@given(text=st.text(max_size=50), spans=spans)
def test_segments_concatenate_to_the_original_text(text, spans):
    """Whatever the passages, joining the segments' texts gives back the text exactly."""
    segments = split_passages(text, spans)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments)
    assert all(text[s.start : s.end] == s.text for s in segments)


@given(text=st.text(min_size=1, max_size=50), spans=spans)
def test_every_segment_knows_exactly_which_passages_cover_it(text, spans):
    """A key covers a segment if and only if its clipped span contains the segment."""
    for segment in split_passages(text, spans):
        expected = tuple(
            key
            for start, end, key in spans
            if max(0, start) < min(len(text), end)
            and max(0, start) <= segment.start
            and segment.end <= min(len(text), end)
        )
        assert segment.covering == expected
