"""Reads behind the check-up's rules: who answers for a column or an item, and the findings,
backdated items, failed probes and broken links that count as evidence. A fixed number of
queries per rule, whatever the number of items."""

from datetime import datetime, timedelta

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from cms.compliance.hidden import HIDDEN_TERM
from cms.compliance.models import LinkFinding, Probe
from cms.compliance.rules import Evidence
from cms.core.names import display_name
from cms.screening.engine import BLOCKING_KINDS
from cms.screening.models import ScreeningFinding
from columns.models import ArticlePage
from workflows.models import ReleaseLogEntry

NOBODY = "未配备"
TIME = "%Y-%m-%d %H:%M"


def column_people(row) -> str:
    """A column's department and its liaisons (the freshness watch's row)."""
    return f"{row.department}（信息联络员：{row.liaisons or NOBODY}）"


def item_people(page_ids) -> dict[int, tuple[str, frozenset]]:
    """Per item: "source unit（信息联络员：…，拟稿人：…）" and the accounts concerned."""
    items = ArticlePage.objects.filter(pk__in=set(page_ids)).select_related(
        "source_unit", "drafter", "liaison"
    )
    people = {}
    for item in items:
        liaison = item.liaison.name if item.liaison else NOBODY
        drafter = display_name(item.drafter)
        text = f"{item.source_unit.name}（信息联络员：{liaison}，拟稿人：{drafter}）"
        ids = {item.drafter_id} | ({item.liaison.user_id} if item.liaison else set())
        people[item.pk] = (text, frozenset(i for i in ids if i))
    return people


def _edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _item_evidence(page_id, title, detail, people) -> Evidence:
    text, user_ids = people.get(page_id, ("（信息已删除）", frozenset()))
    return Evidence(title, text, detail, _edit_url(page_id), user_ids)


def open_findings(*, hidden: bool) -> tuple[Evidence, ...]:
    """Open findings of rescreening on live items: 暗链 ones, or the forbidden content and
    serious wording errors."""
    findings = ScreeningFinding.objects.filter(
        status=ScreeningFinding.Status.OPEN,
        article__live=True,
        kind__in=[str(kind) for kind in BLOCKING_KINDS],
    )
    findings = findings.filter(term=HIDDEN_TERM) if hidden else findings.exclude(term=HIDDEN_TERM)
    rows = list(findings.order_by("found_at", "pk"))
    people = item_people(f.article_page_id for f in rows)
    return tuple(
        _item_evidence(f.article_page_id, f.article_title, f.message, people) for f in rows
    )


def backdated_items(tolerance: timedelta) -> tuple[Evidence, ...]:
    """Live items dated earlier than their first release in the log, or never logged: compared
    in the database, one query whatever the number of items."""
    first_release = (
        ReleaseLogEntry.objects.filter(
            kind=ReleaseLogEntry.Kind.RELEASE, article_page_id=OuterRef("pk")
        )
        .order_by("recorded_at")
        .values("recorded_at")[:1]
    )
    found = (
        ArticlePage.objects.live()
        .annotate(logged=Subquery(first_release))
        .filter(Q(logged__isnull=True) | Q(first_published_at__lt=F("logged") - tolerance))
        .order_by("pk")
        .values_list("pk", "title", "first_published_at", "logged")
    )
    rows = [(pk, title, _backdated(shown, logged)) for pk, title, shown, logged in found]
    people = item_people(pk for pk, _, _ in rows)
    return tuple(_item_evidence(pk, title, detail, people) for pk, title, detail in rows)


def _backdated(shown, logged) -> str:
    if logged is None:
        return "发布日志中没有该信息的发布记录"
    return f"显示 {_local(shown)}，发布日志记录 {_local(logged)}"


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime(TIME)


def probe_failures(*, since: datetime, until: datetime) -> tuple[int, int, tuple[Evidence, ...]]:
    probes = Probe.objects.filter(probed_at__gt=since, probed_at__lte=until)
    total = probes.count()
    failed = list(probes.filter(ok=False).order_by("-probed_at")[:50])
    failures = failed and probes.filter(ok=False).count() or 0
    evidence = tuple(
        Evidence(p.url, "网站专管员", f"{_local(p.probed_at)} {p.error or p.status}")
        for p in failed
    )
    return total, failures, evidence


def broken_links() -> tuple[Evidence, ...]:
    rows = list(LinkFinding.objects.order_by("article_page_id", "pk"))
    people = item_people(f.article_page_id for f in rows)
    return tuple(
        _item_evidence(
            f.article_page_id,
            f.article_title,
            f"{f.url}：{f.problem}（{_local(f.found_at)}起）",
            people,
        )
        for f in rows
    )


def _link_detail(finding: LinkFinding) -> str:
    return f"{finding.url}：{finding.problem}（{_local(finding.found_at)}起）"
