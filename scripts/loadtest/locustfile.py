"""Locust users for `make loadtest`: readers over the public pages, editors saving claims.

Run through scripts/loadtest/run.py, which starts the production server and prints the
figures. Targets loopback only: any other host stops the run before a request is sent.
"""

import ipaddress
import os
import random
import re
import socket
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlsplit

from locust import HttpUser, between, constant_pacing, events, task

SEARCH_TERMS = ["rail", "sanctions", "debt", "labour", "energy", "Khasan", "treaty", "coal"]
EDITOR_USERNAME = os.environ.get("LOADTEST_EDITOR", "loadtest-editor")
EDITOR_PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")


@events.init.add_listener
def refuse_other_hosts(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname or ""
    address = socket.gethostbyname(host) if host else ""
    if not address or not ipaddress.ip_address(address).is_loopback:
        raise SystemExit(f"load test refused: {environment.host!r} is not a loopback address")


class SiteMap:
    """The public URLs, read once from the sitemap before any user starts."""

    briefings: list[str] = []
    topics: list[str] = []
    claim_ids: list[int] = []


@events.test_start.add_listener
def read_sitemap(environment, **kwargs):
    # Outside the measured requests, and once rather than once per user.
    with urllib.request.urlopen(f"{environment.host}/sitemap.xml", timeout=60) as response:  # noqa: S310
        sitemap = response.read().decode()
    paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    SiteMap.briefings = [p for p in paths if re.fullmatch(r"/briefings/[\w-]+/", p)]
    SiteMap.topics = [p for p in paths if re.fullmatch(r"/topics/[\w-]+/", p)]
    SiteMap.claim_ids = [int(m) for p in paths for m in re.findall(r"^/claims/(\d+)/$", p)]


class Reader(HttpUser):
    """An anonymous reader: briefings, topic pages, search, feeds and the sitemap."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task(4)
    def briefing(self):
        self.client.get(random.choice(SiteMap.briefings), name="/briefings/[slug]/")

    @task(1)
    def briefing_list(self):
        self.client.get("/briefings/")

    @task(3)
    def topic(self):
        self.client.get(random.choice(SiteMap.topics), name="/topics/[slug]/")

    @task(3)
    def search(self):
        self.client.get(f"/search/?q={random.choice(SEARCH_TERMS)}", name="/search/?q=[term]")

    @task(1)
    def feeds(self):
        self.client.get("/feeds/briefings.atom")
        topic = random.choice(SiteMap.topics)
        self.client.get(f"{topic}feed.atom", name="/topics/[slug]/feed.atom")

    @task(1)
    def sitemap(self):
        self.client.get("/sitemap.xml")


class FormParser(HTMLParser):
    """The fields a browser would submit from the admin's change form (no submit buttons)."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file", "button"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def change_form_fields(html):
    start = html.find('id="claim_form"')
    parser = FormParser()
    parser.feed(html[html.rfind("<form", 0, start) : html.find("</form>", start)])
    # Inline templates for "add another" are not submitted as forms.
    return [(k, v) for k, v in parser.fields if "__prefix__" not in k]


class Editor(HttpUser):
    """A staff editor who opens a claim in the admin and saves it, every 2 seconds."""

    fixed_count = 2
    wait_time = constant_pacing(2)

    def plain_http_cookies(self):
        """The site sets Secure cookies (production settings); this is plain HTTP on loopback."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def on_start(self):
        login = self.client.get("/admin/login/", name="/admin/login/")
        self.plain_http_cookies()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        with self.client.post(
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": token,
                "username": EDITOR_USERNAME,
                "password": EDITOR_PASSWORD,
                "next": "/admin/",
            },
            allow_redirects=False,
            name="/admin/login/ (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login failed with {response.status_code}")
                self.stop()
        self.plain_http_cookies()

    @task
    def save_claim(self):
        url = f"/admin/briefings/claim/{random.choice(SiteMap.claim_ids)}/change/"
        form = self.client.get(url, name="/admin/briefings/claim/[id]/change/")
        self.plain_http_cookies()
        if form.status_code != 200:
            return
        data = change_form_fields(form.text) + [("_save", "Save")]
        with self.client.post(
            url,
            data=data,
            headers={"Referer": self.host + url},
            allow_redirects=False,
            name="/admin/briefings/claim/[id]/change/ (save)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text)
                response.failure(f"save not accepted ({response.status_code}): {errors[:2]}")
        self.plain_http_cookies()
