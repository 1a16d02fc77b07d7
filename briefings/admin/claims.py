"""Admin for claims and the citations that back them."""

from urllib.parse import urlencode

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.admin import job_notice
from sources.audit import audit
from sources.concurrency import StaleFormGuard
from sources.revisions import RevisionAdmin

from .. import services, tasks
from ..corroboration import attach_support, claims_with_support
from ..disagreements import verification_problems
from ..evidence import find_evidence
from ..forms import (
    CitationAdminForm,
    CitationFormSet,
    CitePassageForm,
    ClaimAdminForm,
    EvidenceQueryForm,
)
from ..models import Briefing, Citation, Claim
from .common import (
    SafeAutocompleteMixin,
    admin_change_url,
    anchor_preview,
    sized,
    status_and_support,
    topics_of,
)

# Passages the finder lists unless the editor asks for another number.
FINDER_LIMIT = 15


class HasEventDateFilter(admin.SimpleListFilter):
    title = _("has event date")
    parameter_name = "has_event_date"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(event_date__isnull=False)
        if self.value() == "no":
            return queryset.filter(event_date__isnull=True)
        return queryset


class EvidenceFilter(admin.SimpleListFilter):
    """The "needs evidence" queue: no citation, only broken ones, or a single source."""

    title = _("evidence")
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return [
            ("needed", _("needs evidence (fewer than two independent sources)")),
            ("none", _("no usable citation")),
            ("broken", _("a broken citation")),
            ("single", _("a single independent source")),
            ("corroborated", _("two or more independent sources")),
        ]

    def queryset(self, request, queryset):
        bounds = {
            "needed": (None, 1),
            "none": (None, 0),
            "single": (1, 1),
            "corroborated": (2, None),
        }
        if self.value() == "broken":
            broken = Citation.AnchorStatus.BROKEN
            found = queryset.filter(citations__anchor_status=broken).distinct()
        elif self.value() in bounds:
            at_least, at_most = bounds[self.value()]
            found = claims_with_support(queryset, at_least=at_least, at_most=at_most)
        else:
            return queryset
        # Triage: what readers see most comes first.
        return found.order_by("-live_uses", "-updated_at")


class SourceChangedFilter(admin.SimpleListFilter):
    title = _("source text")
    parameter_name = "source_changed"

    def lookups(self, request, model_admin):
        return [("yes", _("changed since verified")), ("no", _("unchanged"))]

    def queryset(self, request, queryset):
        changed = ~Q(source_fingerprint=F("source__fingerprint"))
        if self.value() == "yes":
            return queryset.filter(changed)
        if self.value() == "no":
            return queryset.exclude(changed)
        return queryset


class CitationInline(SafeAutocompleteMixin, admin.StackedInline):
    model = Citation
    form = CitationAdminForm
    formset = CitationFormSet
    fields = [("source", "stance", "position"), "quote", "translation", "attribution", "anchor"]
    readonly_fields = ["anchor"]
    autocomplete_fields = ["source"]
    ordering = ["position", "id"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        # A new claim needs its first citation; an existing one has "Add another".
        return 1 if obj is None else 0

    @admin.display(description=_("where it sits"))
    def anchor(self, obj):
        return anchor_preview(obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


@admin.register(Claim)
class ClaimAdmin(StaleFormGuard, RevisionAdmin):
    form = ClaimAdminForm
    snapshot_related = ["citations"]
    list_display = [
        "statement_short",
        "status",
        "topics",
        "event_shown",
        "citation_count",
        "source_count",
        "independent_sources",
        "in_live_briefings",
    ]
    list_filter = [EvidenceFilter, "status", "tags", "citations__source", HasEventDateFilter]
    search_fields = ["statement", "citations__quote", "citations__source__title"]
    readonly_fields = ["uid", "created_at", "updated_at", "appears_in", "values_checked"]
    fieldsets = [
        (None, {"fields": ["statement", "status", "tags", "values_checked"]}),
        (_("Event date"), {"fields": ["event_date", "event_precision"]}),
        (
            _("Editorial"),
            {"fields": ["editor_notes", "appears_in", "uid", "created_at", "updated_at"]},
        ),
    ]
    inlines = [CitationInline]
    ordering = ["-updated_at", "-id"]
    actions = ["mark_verified", "mark_draft"]
    list_per_page = 50
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=Count("citations", distinct=True),
                source_count=Count("citations__source", distinct=True),
                live_uses=Count(
                    "entries__section__briefing",
                    filter=Q(entries__section__briefing__in=Briefing.objects.published()),
                    distinct=True,
                ),
            )
            .prefetch_related("tags")
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)

    def has_verify_permission(self, request, obj=None):
        return request.user.has_perm("briefings.verify_claim")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_verify = self.has_verify_permission(request, obj)
        return form

    # The claim chooser (autocomplete) in a briefing's sections: status and support at a glance.
    def autocomplete_label(self, claim):
        return _("%(statement)s — %(details)s") % {
            "statement": Truncator(claim.statement).chars(120),
            "details": status_and_support(claim),
        }

    def save_model(self, request, obj, form, change):
        before = Claim.objects.filter(pk=obj.pk).values("status", "statement").first()
        super().save_model(request, obj, form, change)
        old_status = before["status"] if before else Claim.Status.DRAFT
        old_statement = before["statement"] if before else None
        services.claim_record_change(claim=obj, old_status=old_status, old_statement=old_statement)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        evidence = self.admin_site.admin_view(self.evidence_view)
        cite = self.admin_site.admin_view(self.cite_view)
        return [
            path("<path:object_id>/evidence/", evidence, name="{}_{}_evidence".format(*info)),
            path("<path:object_id>/evidence/cite/", cite, name="{}_{}_cite".format(*info)),
            *super().get_urls(),
        ]

    def has_cite_permission(self, request, obj=None):
        """Citing a found passage adds a citation to the claim: both permissions are needed."""
        return self.has_change_permission(request, obj) and request.user.has_perm(
            "briefings.add_citation"
        )

    def _claim_or_redirect(self, request, object_id):
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return claim, None

    def evidence_view(self, request, object_id):
        """The passages across all sources that most likely state the claim, by origin."""
        if request.method not in ("GET", "HEAD") or not self.has_view_or_change_permission(request):
            raise PermissionDenied
        claim, missing = self._claim_or_redirect(request, object_id)
        if missing:
            return missing
        form = EvidenceQueryForm(request.GET or None)
        statement, limit = claim.statement, None
        if form.is_valid():
            statement = form.cleaned_data["q"].strip() or statement
            limit = form.cleaned_data["limit"]
        report = find_evidence(statement, claim=claim, limit=limit or FINDER_LIMIT)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": claim,
            "title": _("Find evidence"),
            "subtitle": str(claim),
            "form": form
            if form.is_bound
            else EvidenceQueryForm(initial={"q": claim.statement, "limit": FINDER_LIMIT}),
            "report": report,
            "reworded": statement != claim.statement,
            "can_cite": self.has_cite_permission(request, claim),
            "cite_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_cite",
                args=[claim.pk],
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(request, "admin/briefings/claim/evidence.html", context)

    def cite_view(self, request, object_id):
        """One click on a found passage: it becomes a verified citation of the claim (POST)."""
        if request.method != "POST" or not self.has_cite_permission(request):
            raise PermissionDenied
        claim, missing = self._claim_or_redirect(request, object_id)
        if missing:
            return missing
        if not self.has_cite_permission(request, claim):
            raise PermissionDenied
        form = CitePassageForm(request.POST)
        back = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_evidence",
            args=[claim.pk],
            current_app=self.admin_site.name,
        )
        if form.is_valid() and form.cleaned_data["q"].strip():
            back += "?" + urlencode({"q": form.cleaned_data["q"]})
        if not form.is_valid():
            self.message_user(request, _("Nothing was cited: %s") % form.problem(), messages.ERROR)
            return redirect(back)
        try:
            citation = self._cite(request, claim, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                self.message_user(request, _("Nothing was cited: %s") % text, messages.ERROR)
            return redirect(back)
        self.message_user(
            request,
            _(
                "Cited “%(quote)s” from “%(source)s”, verified in its text "
                "(characters %(start)d–%(end)d)."
            )
            % {
                "quote": Truncator(citation.quote).chars(120),
                "source": citation.source,
                "start": citation.start,
                "end": citation.end,
            },
            messages.SUCCESS,
        )
        return redirect(back)

    def _cite(self, request, claim, *, source, quote, **kwargs):
        """Cite the passage as a revision of the claim, and log it; ValidationError if refused."""
        with reversion.create_revision():
            citation = services.citation_add_from_passage(claim=claim, source=source, quote=quote)
            reversion.add_to_revision(claim)
            reversion.set_user(request.user)
            reversion.set_comment(_("Cited a passage found by the evidence finder."))
        detail = f"“{Truncator(citation.quote).chars(120)}” from {source}"
        audit(user=request.user, obj=claim, action="cite", detail=detail)
        return citation

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Two queries for the whole page, whatever its length.
        changelist.result_list = attach_support(list(changelist.result_list))
        return changelist

    @admin.display(description=_("in published briefings"), ordering="live_uses")
    def in_live_briefings(self, obj):
        return obj.live_uses

    @admin.display(description=_("independent sources"))
    def independent_sources(self, obj):
        return getattr(obj, "support", "—")

    @admin.display(description=_("statement"), ordering="statement")
    def statement_short(self, obj):
        return Truncator(obj.statement).chars(100)

    @admin.display(description=_("topics"))
    def topics(self, obj):
        return topics_of(obj)

    @admin.display(description=_("event date"), ordering="event_date")
    def event_shown(self, obj):
        return obj.event_display or "—"

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.display(description=_("sources"), ordering="source_count")
    def source_count(self, obj):
        return obj.source_count

    @admin.display(description=_("dates and figures"))
    def values_checked(self, obj):
        """What keeps the claim from being verified: sources or a passage that disagree."""
        if obj.pk is None:
            return _("Checked against the cited passages when the claim is saved.")
        citations = list(obj.citations.select_related("source"))
        problems = verification_problems(obj, citations)
        if not problems:
            return _("No cited passage disagrees with another source or with the statement.")
        return format_html(
            '<ul class="errorlist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    @admin.display(description=_("appears in"))
    def appears_in(self, obj):
        if obj.pk is None:
            return "—"
        entries = obj.entries.select_related("section__briefing").order_by(
            "section__briefing__title", "section__position"
        )
        rows = [
            (
                admin_change_url(entry.section.briefing, self.admin_site),
                entry.section.briefing,
                entry.section.briefing.get_status_display(),
                admin_change_url(entry.section, self.admin_site),
                entry.section,
            )
            for entry in entries
        ]
        if not rows:
            return _("No briefing uses this claim yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <small>({})</small> → section <a href="{}">{}</a></li>',
                rows,
            ),
        )

    @admin.action(description=_("Mark selected claims verified"), permissions=["verify"])
    def mark_verified(self, request, queryset):
        selected = Claim.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        verified, refused, held = services.claims_verify(claims=selected)
        for claim in verified:
            audit(user=request.user, obj=claim, action="verify")
        changed = len(verified)
        self.message_user(
            request,
            ngettext(
                "%(count)d claim marked verified.",
                "%(count)d claims marked verified.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS if changed else messages.INFO,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim was skipped because no citation of it is found in its "
                    "source: add or fix a quoted passage first (%(claims)s).",
                    "%(count)d claims were skipped because no citation of theirs is found in "
                    "its source: add or fix a quoted passage first (%(claims)s).",
                    len(refused),
                )
                % {"count": len(refused), "claims": "; ".join(str(claim) for claim in refused)},
                messages.WARNING,
            )
        for claim, problems in held:
            self.message_user(
                request,
                _("Not verified: “%(claim)s”. %(problems)s")
                % {"claim": claim, "problems": " ".join(problems)},
                messages.WARNING,
            )

    @admin.action(description=_("Mark selected claims draft"), permissions=["change"])
    def mark_draft(self, request, queryset):
        changed = services.claims_mark_draft(claims=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d claim marked draft: readers no longer see it.",
                "%(count)d claims marked draft: readers no longer see them.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(Citation)
class CitationAdmin(SafeAutocompleteMixin, RevisionAdmin):
    list_display = [
        "source",
        "claim",
        "quote_short",
        "attribution",
        "stance",
        "anchor_status",
        "source_changed",
    ]
    list_select_related = ["source", "claim"]
    list_filter = ["anchor_status", SourceChangedFilter, "stance", "claim__status", "source"]
    actions = ["reverify"]
    form = CitationAdminForm
    search_fields = ["quote", "translation", "attribution", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = [
        "anchor",
        "anchor_status",
        "start",
        "end",
        "exact",
        "prefix",
        "suffix",
        "source_fingerprint",
        "uid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "claim",
                    "source",
                    "quote",
                    "translation",
                    "attribution",
                    "stance",
                    "position",
                ]
            },
        ),
        (
            _("Anchor in the source's text"),
            {
                "fields": [
                    "anchor",
                    "anchor_status",
                    ("start", "end"),
                    "prefix",
                    "exact",
                    "suffix",
                    "source_fingerprint",
                ]
            },
        ),
        (_("Record"), {"fields": ["uid", "created_at", "updated_at"]}),
    ]
    list_per_page = 50

    @admin.display(description=_("quoted passage"), ordering="quote")
    def quote_short(self, obj):
        return Truncator(obj.quote).chars(80)

    @admin.display(description=_("where it sits"))
    def anchor(self, obj):
        return anchor_preview(obj)

    @admin.display(description=_("source changed since verified"), boolean=True)
    def source_changed(self, obj):
        return obj.source_changed_since_verified

    @admin.action(
        description=_("Verify again against the sources' current text"), permissions=["change"]
    )
    def reverify(self, request, queryset):
        if queryset.count() > settings.JOBS_INLINE_CITATIONS:
            # Too many to check within the request: a job, whose page shows what broke.
            job = tasks.reverify_start(citations=queryset, user=request.user)
            self.message_user(request, *job_notice(job))
            return
        verified, broken = services.citations_reverify(citations=queryset)
        for citation in verified:
            audit(user=request.user, obj=citation, action="reverify", detail="found in the source")
        for citation in broken:
            audit(user=request.user, obj=citation, action="reverify", detail="marked broken")
        self.message_user(
            request,
            _("%(verified)d verified against the current text; %(broken)d broken.")
            % {"verified": len(verified), "broken": len(broken)},
            messages.WARNING if broken else messages.SUCCESS,
        )
        # Say what changed, citation by citation, so the editor can follow up.
        for citation in broken:
            self.message_user(
                request,
                _("Broken: “%(quote)s” is no longer in “%(source)s” (claim: %(claim)s).")
                % {"quote": citation.quote, "source": citation.source, "claim": citation.claim},
                messages.WARNING,
            )

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        info = self.opts.app_label, self.opts.model_name
        return [path("report/", report, name="{}_{}_report".format(*info)), *super().get_urls()]

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.claims_demote_unsupported(claims=Claim.objects.filter(pk=obj.claim_id))

    def delete_queryset(self, request, queryset):
        claim_ids = list(queryset.values_list("claim_id", flat=True))
        super().delete_queryset(request, queryset)
        services.claims_demote_unsupported(claims=Claim.objects.filter(pk__in=claim_ids))

    def report_view(self, request):
        """Citations editors must look at: broken, re-anchored, or their source changed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        attention = (
            Citation.objects.needing_attention()
            .select_related("source", "claim")
            .prefetch_related("claim__entries__section__briefing")
            .order_by("source__title", "anchor_status", "start")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Citations that need an editor"),
            "citations": attention,
            "can_reverify": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/briefings/citation/report.html", context)
