"""Screening in the admin (R-12, R-18): the lexicon's registers, CSV import and export, the
editor's side panel and submit guard, the site specialist's findings panel and its actions, and
the incident register with its export.

Each view checks who may, calls ``cms.screening.services`` or ``cms.screening.tasks``, and renders.
"""

import base64
import binascii
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import Resolver404, path, resolve, reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.core.conf import role_name
from cms.core.selectors import user_roles
from cms.screening.duplicates import duplicates_of
from cms.screening.engine import HIT_KIND_LABELS, KIND_LABELS, LexiconError, export_csv
from cms.screening.models import LexiconEntry, LexiconVersion
from cms.screening.services import (
    LEXICON_DENIED,
    LEXICON_ROLES,
    ReplaceUnconfirmed,
    article_screening,
    lexicon_import,
    screening_refusal,
    stored_entries,
    user_may_edit_lexicon,
    verdict_refusal,
)
from columns.models import ArticlePage

SUBMIT_HELD = _("已保存草稿，但未提交审核。{refusal}")
BLOCKED_DRAFT = _("{refusal}请改正并保存后再提交；审批人只能退回修改。")
NUMBER_COLUMN = Column("pk", label=_("编号"))
PANEL_LIMIT = 50
IMPORTED = _("词库已导入，当前为第{number}版，启用词条{count}条。")


class RolePermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission questions answered by the regulation's roles, not model perms."""

    def __init__(self, model, *, roles_by_action: dict[str, frozenset[str]]):
        super().__init__(model)
        self.roles_by_action = roles_by_action

    def user_has_permission(self, user, action):
        allowed = self.roles_by_action.get(action, frozenset())
        return user.is_authenticated and user.is_active and bool(user_roles(user) & allowed)

    def users_with_any_permission(self, actions):
        roles = set().union(*(self.roles_by_action.get(a, set()) for a in actions))
        names = [role_name(role) for role in roles]
        return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct()


lexicon_policy = RolePermissionPolicy(
    LexiconEntry, roles_by_action=dict.fromkeys(("add", "change", "delete", "view"), LEXICON_ROLES)
)
version_policy = RolePermissionPolicy(LexiconVersion, roles_by_action={"view": LEXICON_ROLES})


# The lexicon's registers, import and export ----------------------------------------------


class LexiconIndexView(generic.IndexView):
    @property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(_("导入CSV"), url=reverse("lexicon_entries:import"), icon_name="upload"),
            Button(_("导出CSV"), url=reverse("lexicon_entries:export"), icon_name="download"),
            Button(_("版本记录"), url=reverse("lexicon_versions:index"), icon_name="history"),
        ]


class LexiconViewSet(ModelViewSet):
    model = LexiconEntry
    name = "lexicon_entries"
    icon = "warning"
    menu_label = _("筛查词库")
    form_fields = ["kind", "category", "term", "suggestion", "note", "active"]
    list_display = [
        "term",
        "kind",
        "category",
        "suggestion",
        BooleanColumn("active", label=_("启用")),
        "updated_at",
    ]
    list_filter = ["kind", "category", "active"]
    search_fields = ["term", "suggestion", "note"]
    index_view_class = LexiconIndexView
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", lexicon_import_view, name="import"),
            path("export.csv", lexicon_export_view, name="export"),
        ]


class LexiconVersionViewSet(ModelViewSet):
    model = LexiconVersion
    name = "lexicon_versions"
    icon = "history"
    menu_label = _("词库版本")
    list_display = [NUMBER_COLUMN, "note", "entry_count", "created_by", "created_at", "fingerprint"]
    form_fields = []
    copy_view_enabled = False


class LexiconImportForm(forms.Form):
    """The CSV and how to import it; a replace that removes entries comes back once with what it
    removes, the file carried over in ``pending`` and the count confirmed in ``confirmed``."""

    file = forms.FileField(
        label=_("CSV文件"),
        help_text=_("第一行为表头（见上方说明）。"),
        required=False,
    )
    replace = forms.TypedChoiceField(
        label=_("导入方式"),
        coerce=lambda value: value == "1",
        choices=[
            ("0", _("合并：新增词条，同类型同词条的更新，其余词条（含内置默认词条）保留")),
            ("1", _("替换：以文件为完整词库，文件中没有的词条将被删除（须确认）")),
        ],
        widget=forms.RadioSelect,
        initial="0",
    )
    note = forms.CharField(label=_("变更说明"), required=False, max_length=200)
    pending = forms.CharField(required=False, widget=forms.HiddenInput)
    confirmed = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload, pending = cleaned.get("file"), cleaned.get("pending")
        try:
            cleaned["data"] = upload.read() if upload else base64.b64decode(pending, validate=True)
        except (binascii.Error, TypeError, ValueError):
            cleaned["data"] = b""
        if not cleaned["data"]:
            self.add_error("file", _("请选择要导入的CSV文件。"))
        return cleaned


def _check_lexicon_access(user) -> None:
    if not user_may_edit_lexicon(user):
        raise PermissionDenied(LEXICON_DENIED)


def _confirm_replace(request, form, plan):
    """The page that says what a replace removes, with the form to confirm it."""
    carried = {
        "replace": "1",
        "note": form.cleaned_data["note"],
        "pending": base64.b64encode(form.cleaned_data["data"]).decode("ascii"),
        "confirmed": len(plan.removed),
    }
    shown = [(KIND_LABELS[e.kind], e.term, e.suggestion) for e in plan.removed[:PANEL_LIMIT]]
    context = {
        "plan": plan,
        "shown": shown,
        "more": len(plan.removed) - len(shown),
        "carried": carried,
        "page_title": _("确认替换筛查词库"),
    }
    return TemplateResponse(request, "screening/lexicon_import_confirm.html", context)


def lexicon_import_view(request):
    _check_lexicon_access(request.user)
    form = LexiconImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = lexicon_import(
                user=request.user,
                data=form.cleaned_data["data"],
                replace=form.cleaned_data["replace"],
                note=form.cleaned_data["note"],
                confirmed_removals=form.cleaned_data["confirmed"],
            )
        except ReplaceUnconfirmed as unconfirmed:
            return _confirm_replace(request, form, unconfirmed.plan)
        except LexiconError as error:
            form.add_error("file", [error.headline, *error.problems])
        else:
            messages.success(
                request, str(IMPORTED).format(number=version.pk, count=version.entry_count)
            )
            return redirect("lexicon_entries:index")
    context = {"form": form, "page_title": _("导入筛查词库")}
    return TemplateResponse(request, "screening/lexicon_import.html", context)


def lexicon_export_view(request):
    _check_lexicon_access(request.user)
    response = HttpResponse(
        export_csv(stored_entries()).encode("utf-8-sig"), "text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="screening-lexicon.csv"'
    return response


# The editor: side panel and submit guard -------------------------------------------------


def _editor_item(request, path: str):
    """(the item being edited or created, its parent) from the editor's URL; None when that
    editor is not an item's (snippets, columns, the home page)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "wagtailadmin_pages":
        return None
    if match.url_name == "edit":
        page = get_object_or_404(Page, pk=match.kwargs["page_id"]).specific
        if not isinstance(page, ArticlePage):
            return None
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return page.get_latest_revision_as_object(), page.get_parent().specific
    if match.url_name == "add" and match.kwargs["content_type_model_name"] == "articlepage":
        parent = get_object_or_404(Page, pk=match.kwargs["parent_page_id"]).specific
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return ArticlePage(owner=request.user), parent
    return None


def _editor_form(request, page, parent):
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(
        request.POST, request.FILES, instance=page, parent_page=parent, for_user=request.user
    )
    form.defer_required_fields()
    form.is_valid()
    return form


def posted_article(form) -> SimpleNamespace:
    """What the editor's form holds, shaped like an item for ``article_screening``; fields that
    do not validate yet are left out."""
    data = form.cleaned_data
    formset = form.formsets.get("original_materials")
    posted = [getattr(f, "cleaned_data", None) for f in (formset.forms if formset else ())]
    materials = [
        SimpleNamespace(note=m.get("note", ""), document=m.get("document"))
        for m in posted
        if m and not m.get("DELETE")
    ]
    return SimpleNamespace(
        pk=form.instance.pk,
        title=data.get("title", ""),
        go_live_at=data.get("go_live_at", form.instance.go_live_at),
        first_published_at=form.instance.first_published_at,
        summary=data.get("summary", ""),
        cover_image=data.get("cover_image"),
        body=data.get("body") or (),
        original_materials=SimpleNamespace(all=lambda: materials),
    )


def _screened_form(request, page, parent):
    return article_screening(posted_article(_editor_form(request, page, parent)))


@require_POST
def screening_check(request):
    """The editor's side panel: hits of the form as it is now (JSON with the panel's HTML)."""
    try:
        item = _editor_item(request, request.GET.get("target", ""))
    except PermissionDenied:
        return JsonResponse({"applicable": False}, status=403)
    if item is None:
        return JsonResponse({"applicable": False})
    try:
        posted = posted_article(_editor_form(request, *item))
    except MultiValueDictKeyError:  # sent before the editor's widgets wrote their inputs
        return JsonResponse({"applicable": True, "pending": True})
    screening, duplicates = article_screening(posted), duplicates_of(posted)
    context = {"screening": screening, "kinds": HIT_KIND_LABELS, "duplicates": duplicates}
    verdict = screening.verdict
    return JsonResponse(
        {
            "applicable": True,
            "count": len(verdict.hits),
            "blocks": verdict.blocks,
            "needs_minister": verdict.needs_minister,
            "reading": bool(screening.pending),
            "html": render_to_string("screening/editor_panel.html", context, request),
        }
    )


def _is_article(page) -> bool:
    return isinstance(page, ArticlePage)


SUBMIT_KEYS = ("action-submit", "action-restart-workflow")


def _hold_blocked_submission(request, page, parent) -> None:
    if not any(request.POST.get(key) for key in SUBMIT_KEYS):
        return
    refusal = screening_refusal(_screened_form(request, page, parent))
    if refusal:
        data = request.POST.copy()
        for key in SUBMIT_KEYS:
            data.pop(key, None)
        request.POST = data  # Wagtail saves the draft instead: nothing typed is lost
        messages.error(request, str(SUBMIT_HELD).format(refusal=refusal))


def guard_edit(request, page):
    """``before_edit_page``: a blocked draft is saved, not submitted; opening one says why."""
    if not _is_article(page):
        return None
    draft = page.get_latest_revision_as_object()
    if request.method == "POST":
        _hold_blocked_submission(request, draft, page.get_parent().specific)
    elif (verdict := article_screening(draft).verdict).blocks:
        messages.error(request, str(BLOCKED_DRAFT).format(refusal=verdict_refusal(verdict)))
    return None


def guard_create(request, parent_page, page_class):
    """``before_create_page``: the same for an item submitted as it is created."""
    if request.method == "POST" and issubclass(page_class, ArticlePage):
        _hold_blocked_submission(request, page_class(owner=request.user), parent_page)
    return None


def editor_js():
    """``insert_editor_js``: the side panel's script, told where to ask."""
    return format_html(
        '<script src="{}" data-xiuying-screening-url="{}"></script>',
        static("screening/editor_panel.js"),
        reverse("xiuying_screening:check"),
    )


# The site specialist's findings (R-18) ----------------------------------------------------


urlpatterns = [
    path("check/", screening_check, name="check"),
]
