"""
Every admin URL × every kind of user × GET and POST, against a declared table.

The table names, for each admin URL pattern, the permission it needs; a new
pattern that the table does not list fails the test until it is declared. The
roles' permissions are declared here too, apart from the migration that makes
them, so that a drift in either shows up.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import URLResolver, reverse

from briefings.models import Briefing, Claim
from jobs.models import Job

STAFF = "staff"  # any staff user, no permission needed
LOGIN = "login"  # the login page itself
SKIP = "skip"  # not requested; the reason is in SKIPPED

# What each role holds, per model: add, change, view, delete (a/c/v/d) and the named extras.
AUTHOR_MODELS = {
    "sources.source": "acv",
    "sources.sourcereference": "acv",
    "sources.sourceoverlap": "v",
    "sources.sourceversion": "v",
    "briefings.claim": "acv",
    "briefings.citation": "acvd",
    "briefings.briefing": "acv",
    "briefings.section": "acvd",
    "briefings.sectionclaim": "acvd",
    "sources.topic": "av",
    # Everyone on the desk follows the jobs (imports, re-anchoring) they and others start.
    "jobs.job": "v",
}
REVIEWER_EXTRA = {"briefings.claim": "d", "sources.topic": "c", "admin.logentry": "v"}
PUBLISHER_EXTRA = {
    "briefings.briefing": "d",
    "sources.source": "d",
    "sources.sourcereference": "d",
    "sources.topic": "d",
}
VERBS = {"a": "add", "c": "change", "v": "view", "d": "delete"}


def expand(models, extras=()):
    perms = set(extras)
    for label, letters in models.items():
        app, model = label.split(".")
        perms |= {f"{app}.{VERBS[letter]}_{model}" for letter in letters}
    return perms


def merged(*tables):
    out = {}
    for table in tables:
        for label, letters in table.items():
            out[label] = out.get(label, "") + letters
    return out


ROLE_PERMS = {
    "anonymous": None,
    "nobody": set(),
    "Authors": expand(AUTHOR_MODELS),
    "Reviewers": expand(
        merged(AUTHOR_MODELS, REVIEWER_EXTRA),
        {"briefings.verify_claim", "briefings.review_briefing"},
    ),
    "Publishers": expand(
        merged(AUTHOR_MODELS, REVIEWER_EXTRA, PUBLISHER_EXTRA),
        {"briefings.verify_claim", "briefings.review_briefing", "briefings.publish_briefing"},
    ),
    "superuser": "all",
}

MODELS = {
    "admin_logentry": "admin.logentry",
    # django-axes: login attempts and lockouts, for superusers.
    "axes_accessattempt": "axes.accessattempt",
    "axes_accessfailurelog": "axes.accessfailurelog",
    "axes_accesslog": "axes.accesslog",
    "auth_group": "auth.group",
    "auth_user": "auth.user",
    "sources_source": "sources.source",
    "sources_sourceoverlap": "sources.sourceoverlap",
    # The "sources disagree" report: read with the view permission on sources, judged with
    # their change permission (a verdict is part of assessing the evidence).
    "sources_sourcedisagreement": "sources.source",
    "briefings_briefing": "briefings.briefing",
    "briefings_section": "briefings.section",
    "briefings_claim": "briefings.claim",
    "briefings_citation": "briefings.citation",
    "sources_topic": "sources.topic",
    "jobs_job": "jobs.job",
}
# Model-admin views and the permission each needs (view pages accept view or change).
MODEL_VIEWS = {
    "changelist": "view",
    "add": "add",
    "history": "view",
    "delete": "delete",
    "change": "view",
    # django-reversion's pages and ours: a revision's changes (view), revert (change),
    # recovering deleted objects (add and change).
    "changes": "view",
    "revision": "change",
    "recoverlist": "add+change",
    "recover": "add+change",
}
# POST to a change page writes: it needs change, not view.
POST_NEEDS = {"change": "change"}

CUSTOM = {
    "index": STAFF,
    "login": LOGIN,
    "password_change": STAFF,
    "password_change_done": STAFF,
    "jsi18n": STAFF,
    "autocomplete": "sources.view_source",
    "app_list": "any-in-app",
    "sources_source_import": "sources.add_source",
    "briefings_citation_report": "briefings.view_citation",
    "briefings_briefing_workflow": "briefings.review_briefing",  # the "approve" step
    # The evidence finder: reading needs view on claims (GET only); citing a found passage
    # (POST only) adds a citation to the claim.
    "briefings_claim_evidence": "briefings.view_claim",
    "briefings_claim_cite": "briefings.change_claim+briefings.add_citation",
    "auth_user_password_change": "auth.change_user",
    "logout": SKIP,
    "view_on_site": SKIP,
    None: SKIP,
}
SKIPPED = {
    "logout": "ends the test client's session; Django's own tests cover it",
    "view_on_site": "a redirect to the public URL, where the preview permission is checked",
    None: "unnamed redirects (object id → change page) and the catch-all 404",
}
# Methods a view does not accept at all: 405 for every staff user.
NOT_ALLOWED = {("autocomplete", "POST"), ("jsi18n", "POST"), ("password_change_done", "POST")}
NEVER = "never"  # refused to everyone, superusers included
# (name, method) pairs refused to all: workflow steps and citing a found passage change
# state, so never by GET (and the finder page only reads, never by POST); shared material is
# computed, never typed in.
REFUSED = {
    ("briefings_briefing_workflow", "GET"),
    ("briefings_claim_evidence", "POST"),
    ("briefings_claim_cite", "GET"),
    ("sources_sourceoverlap_add", "GET"),
    ("sources_sourceoverlap_add", "POST"),
    ("sources_sourceoverlap_change", "POST"),
    # Disagreements are found by the detector, never typed in nor deleted by hand.
    ("sources_sourcedisagreement_add", "GET"),
    ("sources_sourcedisagreement_add", "POST"),
    ("sources_sourcedisagreement_delete", "GET"),
    ("sources_sourcedisagreement_delete", "POST"),
    # Login records are written by django-axes only.
    ("axes_accessattempt_add", "GET"),
    ("axes_accessattempt_add", "POST"),
    ("axes_accessfailurelog_add", "GET"),
    ("axes_accessfailurelog_add", "POST"),
    ("axes_accesslog_add", "GET"),
    ("axes_accesslog_add", "POST"),
    # Jobs are records of work done by workers: never typed in or edited.
    ("jobs_job_add", "GET"),
    ("jobs_job_add", "POST"),
    ("jobs_job_change", "POST"),
    # The audit log is read only.
    ("admin_logentry_add", "GET"),
    ("admin_logentry_add", "POST"),
    ("admin_logentry_change", "POST"),
    ("admin_logentry_delete", "GET"),
    ("admin_logentry_delete", "POST"),
}


def walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns)
        else:
            yield pattern.name


def required(name, method):
    """The permission ``name`` needs for ``method``, from the tables above."""
    if (name, method) in REFUSED:
        return NEVER
    if name in CUSTOM:
        return CUSTOM[name]
    prefix, _, view = name.rpartition("_")
    verb = POST_NEEDS.get(view, MODEL_VIEWS[view]) if method == "POST" else MODEL_VIEWS[view]
    app, model = MODELS[prefix].split(".")
    return "+".join(f"{app}.{one}_{model}" for one in verb.split("+"))


def holds(role, permission, app_label=None):
    perms = ROLE_PERMS[role]
    if permission == NEVER:
        return False
    if perms == "all" or permission == STAFF:
        return True
    if "+" in permission:
        return all(holds(role, one) for one in permission.split("+"))
    if permission == "any-in-app":
        return any(p.startswith(f"{app_label}.") for p in perms)
    if permission.split(".")[1].startswith("view_"):
        # Django lets change stand in for view.
        return permission in perms or permission.replace(".view_", ".change_") in perms
    return permission in perms


@pytest.fixture
def objects(make_claim, make_briefing, django_user_model):
    claim = make_claim(status=Claim.Status.DRAFT)
    citation = claim.citations.get()
    briefing = make_briefing(claims=[claim], status=Briefing.Status.REVIEW)
    from sources.models import SourceOverlap

    other = citation.source.__class__.objects.create(title="Other", body="Some other text here.")
    left, right = sorted([citation.source, other], key=lambda s: s.pk)
    overlap = SourceOverlap.objects.create(left=left, right=right, kind="copy", score=0.5)
    from sources.models import SourceDisagreement

    disagreement = SourceDisagreement.objects.create(
        left=left,
        right=right,
        kind="date",
        left_start=0,
        left_end=10,
        left_passage="Signed on 18 June 2024.",
        left_value="18 June 2024",
        right_start=0,
        right_end=10,
        right_passage="Signed on 19 June 2024.",
        right_value="19 June 2024",
    )
    from reversion import create_revision
    from reversion.models import Version
    from taggit.models import Tag

    with create_revision():
        for obj in (citation.source, claim, citation, briefing, briefing.sections.get()):
            obj.save()
    versions = {
        f"{obj._meta.app_label}_{obj._meta.model_name}_version": Version.objects.get_for_object(obj)
        .first()
        .pk
        for obj in (citation.source, claim, citation, briefing, briefing.sections.get())
    }
    from django.contrib.admin.models import LogEntry

    from sources.audit import audit

    audit(user=django_user_model.objects.create_user("auditor"), obj=claim, action="verify")
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "someone"}
    return {
        "admin_logentry": LogEntry.objects.first().pk,
        "axes_accessattempt": AccessAttempt.objects.create(**attempt, failures_since_start=1).pk,
        "axes_accessfailurelog": AccessFailureLog.objects.create(**attempt).pk,
        "axes_accesslog": AccessLog.objects.create(**attempt).pk,
        **versions,
        "auth_group": Group.objects.get(name="Authors").pk,
        "auth_user": django_user_model.objects.create_user("target-user").pk,
        "sources_source": citation.source.pk,
        "sources_sourceoverlap": overlap.pk,
        "sources_sourcedisagreement": disagreement.pk,
        "briefings_briefing": briefing.pk,
        "briefings_section": briefing.sections.get().pk,
        "briefings_claim": claim.pk,
        "briefings_citation": citation.pk,
        "sources_topic": Tag.objects.first().pk,
        "jobs_job": Job.objects.create(kind=Job.Kind.FIND_SHARED_MATERIAL).pk,
    }


def concrete_urls(objects):
    """(name, url, app_label) for every named admin pattern."""
    for name in sorted(set(walk(admin.site.get_urls())), key=str):
        if CUSTOM.get(name) == SKIP:
            continue
        if name == "app_list":
            for app_label in ("admin", "auth", "axes", "sources", "briefings", "jobs"):
                yield name, reverse("admin:app_list", args=[app_label]), app_label
        elif name == "autocomplete":
            query = {"app_label": "briefings", "model_name": "citation", "field_name": "source"}
            yield name, f"{reverse('admin:autocomplete')}?{urlencode(query)}", None
        elif name == "briefings_briefing_workflow":
            args = [objects["briefings_briefing"], "approve"]
            yield name, reverse(f"admin:{name}", args=args), None
        elif name in ("briefings_claim_evidence", "briefings_claim_cite"):
            yield name, reverse(f"admin:{name}", args=[objects["briefings_claim"]]), None
        elif name == "auth_user_password_change":
            yield name, reverse(f"admin:{name}", args=[objects["auth_user"]]), None
        elif name in CUSTOM:
            yield name, reverse(f"admin:{name}"), None
        else:
            prefix, _, view = name.rpartition("_")
            pk = objects[prefix]
            args = {
                "history": [pk],
                "delete": [pk],
                "change": [pk],
                "changes": [pk, objects.get(f"{prefix}_version")],
                "revision": [pk, objects.get(f"{prefix}_version")],
                "recover": [objects.get(f"{prefix}_version")],
            }.get(view, [])
            yield name, reverse(f"admin:{name}", args=args), None


def client_for(role, django_user_model):
    client = Client()
    if role != "anonymous":
        client.force_login(user_for(role, django_user_model))
    return client


def user_for(role, django_user_model):
    if role == "superuser":
        user = django_user_model.objects.create_superuser(f"matrix-{role}", password="x" * 16)
    else:
        user = django_user_model.objects.create_user(
            f"matrix-{role}", password="x" * 16, is_staff=True
        )
        if role in ("Authors", "Reviewers", "Publishers"):
            user.groups.add(Group.objects.get(name=role))
    return user


def expected(role, name, method, app_label):
    """'login' (sent to log in), 'denied' (403, or 404 for an app the user can't see) or 'ok'."""
    permission = required(name, method)
    if role == "anonymous":
        return "ok" if permission == LOGIN else "login"
    if permission == LOGIN:
        return "ok"
    if (name, method) in NOT_ALLOWED:
        return "405"
    return "ok" if holds(role, permission, app_label) else "denied"


def outcome(response, name):
    code = response.status_code
    if code == 302 and "/admin/login/" in response["Location"]:
        return "login"
    if code == 403 or (code == 404 and name == "app_list"):
        return "denied"
    if code == 405:
        return "405"
    if code in (200, 302):
        return "ok"
    return f"unexpected {code}"


def test_every_admin_url_answers_each_role_as_declared(objects, django_user_model):
    names = set(walk(admin.site.get_urls()))
    undeclared = sorted(
        str(n)
        for n in names
        if n not in CUSTOM
        and not (n and n.rpartition("_")[0] in MODELS and n.rpartition("_")[2] in MODEL_VIEWS)
    )
    assert not undeclared, f"admin URLs missing from the permission table: {undeclared}"
    mismatches = []
    for role in ROLE_PERMS:
        client = client_for(role, django_user_model)
        for name, url, app_label in concrete_urls(objects):
            for method in ("GET", "POST"):
                response = getattr(client, method.lower())(url)
                want, got = expected(role, name, method, app_label), outcome(response, name)
                if want != got:
                    mismatches.append(f"{role:10} {method:4} {url}: expected {want}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_every_action_is_offered_only_to_holders_of_its_permission(db, django_user_model):
    """Actions are refused on the server by get_actions(); check it per role."""
    declared = {
        ("briefings", "briefing", "publish"): "briefings.publish_briefing",
        ("briefings", "briefing", "unpublish"): "briefings.publish_briefing",
        ("briefings", "claim", "mark_verified"): "briefings.verify_claim",
        ("briefings", "claim", "mark_draft"): "briefings.change_claim",
        ("briefings", "citation", "reverify"): "briefings.change_citation",
        ("sources", "source", "find_shared_material"): "sources.change_source",
        # django-axes gives it no permission of its own: whoever sees the attempts may run it.
        ("axes", "accessattempt", "cleanup_expired_attempts"): "axes.view_accessattempt",
    }
    factory = RequestFactory()
    users = {role: user_for(role, django_user_model) for role in ROLE_PERMS if role[0].isupper()}
    users["nobody"] = user_for("nobody", django_user_model)
    seen = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        superuser_request = factory.get("/")
        superuser_request.user = django_user_model(is_superuser=True, is_staff=True)
        for action in model_admin.get_actions(superuser_request):
            key = (opts.app_label, opts.model_name, action)
            permission = declared.get(key) or (
                f"{opts.app_label}.delete_{opts.model_name}"
                if action == "delete_selected"
                else None
            )
            assert permission, f"action {key} is not in the declared table"
            seen.add(key)
            for role in ("nobody", "Authors", "Reviewers", "Publishers"):
                request = factory.post("/")
                request.user = django_user_model.objects.get(pk=users[role].pk)  # fresh perm cache
                # An action runs from its changelist, which itself needs view permission.
                offered = action in model_admin.get_actions(
                    request
                ) and model_admin.has_view_or_change_permission(request)
                assert offered == holds(role, permission), (role, key)
    assert set(declared) <= seen, f"declared actions that no longer exist: {set(declared) - seen}"
