"""Two web processes, one database, one shared cache: an edit is seen by both at once."""

import html
import json
import os
import subprocess
import sys
import urllib.request
import uuid

import pytest
from django.conf import settings

from tests.serving import WITHHELD, serve

pytestmark = pytest.mark.server

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"

FIND = """
import html
import json
from briefings.models import Briefing, Claim
briefing = Briefing.objects.published().order_by("pk").first()
claim = Claim.objects.published().filter(sections__briefing=briefing).order_by("pk").first()
print("RESULT:" + json.dumps({
    "briefing": briefing.get_absolute_url(),
    "claim": claim.get_absolute_url(),
    "pk": claim.pk,
    "statement": claim.statement,
}))
"""

EDIT = """
from briefings.models import Claim
claim = Claim.objects.get(pk={pk})
claim.statement = {statement!r}
claim.save()
"""


def redis_answers(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 (any failure means: no Redis here)
        return False


def manage_shell(code, **env):
    """Run ORM code in a third process, through the same settings as the servers."""
    environment = {key: value for key, value in os.environ.items() if key not in WITHHELD}
    environment.update(DJANGO_DEBUG="1", **env)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def get(url):
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback URL)
        return response.read().decode()


@pytest.mark.parametrize("shared", ["redis", "files"])
def test_an_edit_is_served_by_every_process_on_the_next_request(tmp_path, shared):
    """
    Two gunicorn servers (one worker each: two processes with their own memory copies)
    share one SQLite database and one cache: Redis (REDIS_URL, db 1 unless set) or, with
    nothing configured, the page-cache directory. Both serve a page from their copies;
    an edit committed by a third process is served by both on the next request.
    """
    if shared == "redis" and not redis_answers(REDIS_URL):
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    prefix = f"rnk-pages-test-{uuid.uuid4().hex}"
    cache_env = (
        {"REDIS_URL": REDIS_URL, "PAGE_CACHE_KEY_PREFIX": prefix}
        if shared == "redis"
        # Nothing configured, even where the suite runs with REDIS_URL set (.ci/run).
        else {"PAGE_CACHE_DIR": str(tmp_path / "page-cache"), "REDIS_URL": ""}
    )
    env = {"DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"), **cache_env}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    try:
        with (
            serve(tmp_path / "a", workers=1, **env) as a,
            serve(tmp_path / "b", workers=1, **env) as b,
        ):
            found = manage_shell(FIND, **env)
            page = json.loads(found.split("RESULT:", 1)[1])
            statement = html.escape(page["statement"])
            urls = [page["briefing"], page["claim"]]
            for server in (a, b):
                for url in urls:
                    for _ in range(3):
                        assert statement in get(server.base_url + url)

            edited = f"Edited through another process {uuid.uuid4().hex[:8]}."
            manage_shell(EDIT.format(pk=page["pk"], statement=edited), **env)

            for server in (b, a):
                for url in urls:
                    served = get(server.base_url + url)
                    assert edited in served, (server.base_url, url)
                    assert statement not in served
    finally:
        if shared == "redis" and redis_answers(REDIS_URL):
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
