"""The benchmark's pieces work (scripts/bench/); no timed benchmark runs here."""

import shutil
import sys

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

sys.path.insert(0, str(settings.BASE_DIR / "scripts" / "bench"))

import bare_app  # noqa: E402
import benchlib  # noqa: E402
import growth  # noqa: E402
import inprocess  # noqa: E402
import run  # noqa: E402


def test_the_bare_view_returns_twenty_kilobytes_of_constant_html():
    response = bare_app.bare(RequestFactory().get("/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert len(response.content) == bare_app.BODY_BYTES
    assert response.content == bare_app.bare(RequestFactory().get("/")).content
    assert response.content.startswith(b"<!doctype html>")
    assert response.content.endswith(b"</html>")


def test_the_bare_view_of_a_size_sends_exactly_that_many_constant_bytes():
    """The yardstick for a page bigger than 20 KB: the same HTML at the page's size."""
    for size in (108_250, 20_000, 512):
        response = bare_app.bare_of_size(RequestFactory().get("/"), size)
        assert len(response.content) == size
        assert response.content.startswith(b"<!doctype html>")
        assert response.content.endswith(b"</body></html>")
    assert len(bare_app.bare_of_size(RequestFactory().get("/"), 10**9).content) == 2_000_000


def test_the_bare_view_is_not_part_of_the_site(client):
    assert "bare_app" not in settings.ROOT_URLCONF
    from django.urls import get_resolver

    assert all("bare" not in str(p.pattern) for p in get_resolver().url_patterns)


def test_markdown_table_right_aligns_numeric_columns():
    table = benchlib.markdown_table(
        ["page", "queries", "share"], [["home", 5, "0.023 (9/s)"], ["briefing", 10, "–"]]
    )
    lines = table.splitlines()
    assert lines[0] == "| page | queries | share |"
    assert lines[1] == "| --- | ---: | --- |"
    assert lines[2] == "| home | 5 | 0.023 (9/s) |"
    assert len(lines) == 4


def test_cold_urls_are_unique_and_keep_the_query():
    assert inprocess.cold("/claims/", 1) == f"/claims/?_bench={inprocess.RUN}-1"
    assert inprocess.cold("/search/?q=rail", 2) == f"/search/?q=rail&_bench={inprocess.RUN}-2"


@pytest.mark.django_db
def test_the_in_process_measure_counts_queries_and_bytes(make_claim, make_briefing):
    make_briefing(claims=[make_claim()], tags=("diplomacy",))
    urls = inprocess.page_urls(inprocess.ALL_PAGES)
    assert urls["briefing"].startswith("/briefings/")
    assert urls["topic"] == "/topics/diplomacy/"
    measured = inprocess.measure_page(Client(), urls["briefing"], repeat=1, timeout=30)
    assert measured["status"] == 200
    assert measured["queries"] > 0
    assert measured["bytes"] > 1000
    assert measured["seconds"] > 0


@pytest.mark.django_db
def test_a_page_over_its_timeout_is_reported_not_waited_for(make_claim):
    """The alarm interrupts the view itself; Django does not turn it into a 500."""
    make_claim()
    assert inprocess.measure_page(Client(), "/timeline/", repeat=1, timeout=0.0001) == {
        "url": "/timeline/",
        "timeout": 0.0001,
    }


def test_growth_rows_judge_the_targets():
    small = {
        "url": "/", "status": 200, "queries": 5, "bytes": 10_000, "seconds": 0.02,
        "after_change_seconds": 0.03,
    }  # fmt: skip
    fine = {**small, "seconds": 0.025, "after_change_seconds": 0.25}
    slow = {**small, "seconds": 1.2, "bytes": 2_000_000, "queries": 7}
    assert growth.growth_row("home", small, fine)[-3:] == ["1.2×", "0.250", "ok"]
    assert len(growth.growth_row("home", small, fine)) == len(growth.COLUMNS)
    row = growth.growth_row("timeline", small, slow)
    assert row[1] == "5 → 7"
    assert row[-1] == "over 1 MB (2.0 MB); over 1.5×; query count differs"
    timed_out = growth.growth_row("x", small, {"url": "/", "timeout": 60})
    assert timed_out[-1] == "large: over 60 s"
    assert len(timed_out) == len(growth.COLUMNS)


def test_unknown_pages_are_refused_with_the_known_names(capsys):
    with pytest.raises(SystemExit):
        run.parse_args(["--pages", "home,nonsense"])
    assert "unknown page(s): nonsense" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        growth.parse_args(["--small", "100"])


@pytest.mark.server
@pytest.mark.parametrize("client", ["python", "wrk"])
def test_the_bare_server_answers_under_the_site_gunicorn_configuration(
    tmp_path, monkeypatch, client
):
    if client == "wrk" and not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk)")
    if client == "python":
        monkeypatch.setenv("BENCH_PYTHON_CLIENT", "1")
    else:
        monkeypatch.delenv("BENCH_PYTHON_CLIENT", raising=False)
    assert benchlib.load_client() == client
    monkeypatch.setattr(benchlib, "VAR", tmp_path)
    env = benchlib.site_env(sqlite_path=tmp_path / "unused.sqlite3")
    server = benchlib.start_bare(env, workers=1)
    try:
        result = benchlib.load(server.port, "/", connections=2, duration=0.3)
        assert result.requests > 0
        assert result.errors == 0
        cold = benchlib.load(server.port, "/", connections=1, duration=0.2, cold=True)
        assert cold.errors == 0
    finally:
        server.stop()
    assert server.process.poll() is not None
