"""The citation apparatus: numbering, reuse and the bibliography, as a plain function."""

from types import SimpleNamespace

from briefings.citations import number_citations


def source(pk):
    return SimpleNamespace(pk=pk, title=f"Source {pk}")


def citation(pk, src):
    return SimpleNamespace(pk=pk, source_id=src.pk, source=src)


def claim(*citations):
    return SimpleNamespace(citations=SimpleNamespace(all=lambda: list(citations)))


def test_citations_are_numbered_in_order_of_appearance():
    """Markers count up through the whole document, across claims."""
    a, b = source(1), source(2)
    apparatus = number_citations([claim(citation(10, a), citation(11, b)), claim(citation(12, a))])
    assert [[m.number for m in e.markers] for e in apparatus.entries] == [[1, 2], [3]]
    assert [n.number for n in apparatus.footnotes] == [1, 2, 3]


def test_a_citation_appearing_again_reuses_its_number():
    """The same claim twice in a briefing points at the same footnote; ids stay unique."""
    a = source(1)
    repeated = claim(citation(10, a))
    apparatus = number_citations([repeated, claim(citation(11, a)), repeated])
    assert [[m.number for m in e.markers] for e in apparatus.entries] == [[1], [2], [1]]
    assert len(apparatus.footnotes) == 2
    ids = [m.element_id for e in apparatus.entries for m in e.markers]
    assert ids == ["ref-1", "ref-2", "ref-1-2"]
    assert apparatus.footnotes[0].marker_id == "ref-1"


def test_bibliography_lists_each_source_once_in_order_of_first_citation():
    """A source cited three times has one bibliography entry."""
    a, b = source(1), source(2)
    apparatus = number_citations(
        [claim(citation(1, b)), claim(citation(2, a), citation(3, b)), claim(citation(4, b))]
    )
    assert apparatus.bibliography == [b, a]
