"""Security configuration: CSP and other headers, login throttling, passwords, sessions,
look-alike usernames, /healthz."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from accounts.forms import StaffUserChangeForm, StaffUserCreationForm
from accounts.validators import skeleton

LOGIN_URL = "/admin/login/"
PASSWORD = "a-long-editor-password"


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


# --- Content-Security-Policy and Permissions-Policy -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/briefings/", LOGIN_URL, "/api/briefings/", "/api/docs/", "/healthz"]
)
def test_public_admin_and_api_responses_carry_a_strict_csp(client, url):
    """Every kind of response forbids inline script, plugins, <base> and framing."""
    response = client.get(url)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    # data: images only where Swagger UI needs them.
    expected_images = ["'self'", "data:"] if url == "/api/docs/" else ["'self'"]
    assert directives["img-src"] == expected_images


@pytest.mark.django_db
def test_admin_pages_carry_the_csp_for_logged_in_staff(staff_client):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", LOGIN_URL, "/api/briefings/", "/healthz"])
def test_permissions_policy_refuses_powerful_features(client, url):
    policy = client.get(url).headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


class InlineCode(HTMLParser):
    """Collect what a CSP without 'unsafe-inline' would refuse."""

    DATA_SCRIPTS = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style={attrs['style']!r}>")
        self.found += [f"<{tag} {name}=…>" for name in attrs if name.startswith("on")]
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in self.DATA_SCRIPTS:
            self.found.append("inline <script>")
        if any(str(value).lower().startswith("javascript:") for value in attrs.values()):
            self.found.append(f"javascript: URL in <{tag}>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_public_pages_have_no_inline_code(client, make_briefing, make_claim):
    """No style attributes or inline scripts: the CSP would block them (charts included)."""
    claim = make_claim()
    briefing = make_briefing(claims=[claim])
    urls = [
        "/",
        "/briefings/",
        briefing.get_absolute_url(),
        claim.get_absolute_url(),
        "/claims/",
        "/topics/",
        "/sources/",
        "/timeline/",
        "/search/?q=sanctions",
        "/api/docs/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_admin_forms_have_no_inline_code(staff_client, make_briefing, make_claim):
    """The admin's add and change forms (with our widget classes) run under the CSP."""
    claim = make_claim()
    briefing = make_briefing(claims=[claim])
    urls = [
        "/admin/",
        reverse("admin:briefings_briefing_add"),
        reverse("admin:briefings_briefing_change", args=[briefing.pk]),
        reverse("admin:sources_source_add"),
        reverse("admin:briefings_claim_change", args=[claim.pk]),
        reverse("admin:auth_user_add"),
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_api_docs_load_their_start_up_script_from_a_url(client):
    """Swagger UI's initialiser is a script file (same origin), not an inline script."""
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    start_up = [src for src in scripts if "script=" in src]
    assert start_up
    response = client.get(start_up[0].replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


# --- Login throttling (django-axes) -------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt(client, password, *, username="editor", ip="10.0.0.1"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_throttling_is_on_in_the_settings_module():
    """Only the test suite's client.login() fixture switches it off (see conftest)."""
    from rnk_site import settings as module

    assert module.AXES_ENABLED is True
    assert module.AXES_FAILURE_LIMIT == 5
    cool_off = module.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=15)
    assert module.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert module.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_username_on_that_address(client, editor, throttled):
    """After 5 failures even the right password is refused, with a page that says why."""
    for _ in range(4):
        assert attempt(client, "wrong-password").status_code == 200
    locked = attempt(client, "wrong-password")
    assert locked.status_code == 429
    right = attempt(client, PASSWORD)
    assert right.status_code == 429
    page = right.content.decode()
    assert "Too many failed logins" in page
    assert "Wait 15 minutes" in page
    assert "axes_reset_username" in page
    assert "_auth_user_id" not in client.session
    assert inline_code(page) == []
    assert csp_directives(right)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, editor, django_user_model, throttled):
    """The locked pair does not lock the same user elsewhere, nor other users here."""
    django_user_model.objects.create_superuser("other", "o@example.org", PASSWORD)
    for _ in range(5):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 429
    assert attempt(client, PASSWORD, username="other").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, editor, throttled):
    for _ in range(5):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_axes_reset_username_lifts_the_lock(client, editor, throttled):
    """The documented reset: manage.py axes_reset_username NAME."""
    for _ in range(5):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", stdout=StringIO())
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_correct_login_clears_earlier_failures(client, editor, throttled):
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_force_login_works_with_throttling_on(client, editor, throttled):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


# --- Passwords and sessions -----------------------------------------------------------------


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7!vR2#pL9")  # 11 characters
    validate_password("Xq7!vR2#pL9@")


@pytest.mark.django_db
def test_ensure_admin_generates_a_password_the_validators_accept(django_user_model, monkeypatch):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = re.search(r"password (\S+)", out.getvalue()).group(1)
    validate_password(password, user=django_user_model.objects.get())


@pytest.mark.django_db
def test_ensure_admin_refuses_a_short_chosen_password(django_user_model, monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "short-pw-11")
    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("ensure_admin", stdout=StringIO())
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_staff_sessions_last_a_working_day_and_end_with_the_browser(client, editor):
    assert attempt(client, PASSWORD).status_code == 302
    cookie = client.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=8) <= lifetime <= timedelta(hours=9)
    assert client.get("/admin/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


# --- Look-alike usernames -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("admin", "\u0430dmin"),  # Cyrillic а
        ("admin", "ADMIN"),
        ("admin", "adrnin"),
        ("editor1", "editorl"),
        ("ace", "\u0430\u0441\u0435"),  # all-Cyrillic асе
        ("dev", "\uff44\uff45\uff56"),  # full-width ｄｅｖ
    ],
)
def test_look_alike_usernames_share_a_skeleton(one, other):
    assert skeleton(one) == skeleton(other)


def test_different_names_have_different_skeletons():
    assert skeleton("admin") != skeleton("editor")
    assert skeleton("иван") != skeleton("ivan")


def creation_form(username):
    return StaffUserCreationForm(
        data={
            "username": username,
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
            "usable_password": "true",
        }
    )


@pytest.mark.django_db
def test_admin_refuses_a_cyrillic_look_alike_of_an_existing_username(django_user_model):
    django_user_model.objects.create_user("admin", password=PASSWORD)
    form = creation_form("\u0430dmin")
    assert not form.is_valid()
    assert "looks like the existing username admin" in str(form.errors["username"])
    assert not creation_form("Admin").is_valid()
    django_user_model.objects.create_user("ace", password=PASSWORD)
    assert not creation_form("\u0430\u0441\u0435").is_valid()  # all-Cyrillic асе


@pytest.mark.django_db
def test_admin_refuses_mixed_script_usernames(db):
    form = creation_form("p\u0430vel")  # Latin with a Cyrillic а
    assert not form.is_valid()
    assert "one script" in str(form.errors["username"])


@pytest.mark.django_db
def test_admin_accepts_single_script_names_in_any_script(django_user_model):
    django_user_model.objects.create_user("ivan", password=PASSWORD)
    assert creation_form("иван").is_valid()
    assert creation_form("editor.kim").is_valid()


@pytest.mark.django_db
def test_renaming_a_user_is_checked_but_keeping_the_name_is_fine(django_user_model):
    django_user_model.objects.create_user("admin", password=PASSWORD)
    user = django_user_model.objects.create_user("kim", password=PASSWORD)
    data = {"username": "kim", "date_joined": "2025-01-01 00:00:00", "last_login": ""}
    assert StaffUserChangeForm(instance=user, data=data).is_valid()
    form = StaffUserChangeForm(instance=user, data={**data, "username": "\u0430dmin"})
    assert not form.is_valid()


@pytest.mark.django_db
def test_the_admin_user_add_page_uses_the_checked_form(staff_client):
    response = staff_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "\u0435ditor",  # Cyrillic е; "editor" exists (staff_client)
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "looks like the existing username editor" in response.content.decode()


# --- /healthz ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_a_healthy_database_without_cookies_or_caching(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down_and_says_no_more(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host.internal:5432")

    monkeypatch.setattr(connections["default"], "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error"}}
    assert b"secret-host" not in response.content


@pytest.mark.django_db
def test_healthz_checks_a_shared_cache_when_one_is_configured(client, settings, tmp_path):
    def file_cache(location):
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        return {"default": {"BACKEND": backend, "LOCATION": str(location)}}

    settings.CACHES = file_cache(tmp_path / "cache")
    assert client.get("/healthz").json()["checks"] == {"database": "ok", "cache": "ok"}
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CACHES = file_cache(blocker / "cache")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_answers_only_safe_methods(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https_when_the_rest_is(client, settings):
    """A load balancer probes over plain HTTP inside the network."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


# --- Log format -----------------------------------------------------------------------------


def test_a_log_record_with_a_traceback_is_one_json_line():
    import json
    import logging
    import sys

    from rnk_site.logs import JSONLineFormatter

    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed:\n%s", ("two lines",), sys.exc_info()
        )
    record.path = "/somewhere/"
    line = JSONLineFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed:\ntwo lines"
    assert entry["path"] == "/somewhere/"
    assert "ValueError: bad" in entry["traceback"]
