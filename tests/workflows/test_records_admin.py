"""The read-only registers (R-10, R-11), the release-log exports (R-11, R-14) and the takedown
view (R-18), through the admin with the test client."""

import csv
import io
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.workflows.chain import released
from workflows import release_log
from workflows.models import ApprovalForm, ReleaseLogEntry
from workflows.takedown import REASON_REQUIRED

pytestmark = pytest.mark.django_db

FORMS = "xiuying_approval-forms_modeladmin"
LOG = "xiuying_release-log_modeladmin"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@xiuying.example", "pw")


def body(response) -> str:
    return response.content.decode()


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied by sending the user back to the dashboard."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def person(chain, request, who):
    return getattr(chain, who, None) or request.getfixturevalue(who)


@pytest.mark.parametrize("who", ["site_admin", "minister", "specialist", "superuser"])
def test_record_keepers_list_and_inspect_both_registers(client, chain, who, request):
    article = released(chain)
    form, entry = ApprovalForm.objects.get(), ReleaseLogEntry.objects.get()
    client.force_login(person(chain, request, who))
    assert article.title in body(client.get(reverse(f"{FORMS}_index")))
    inspect = body(client.get(reverse(f"{FORMS}_inspect", args=[form.pk])))
    assert all(label in inspect for label in ("拟稿人审核", "一校", "二校", "组织组发布"))
    assert reverse("xiuying_records:approval_form_print", args=[form.pk]) in inspect
    assert entry.content_sha256[:12] in body(client.get(reverse(f"{LOG}_index")))
    log_inspect = body(client.get(reverse(f"{LOG}_inspect", args=[entry.pk])))
    assert entry.content_sha256 in log_inspect
    assert "proofreader2" in log_inspect  # a signer of the archived approval form


@pytest.mark.parametrize("who", ["superuser", "site_admin"])
def test_nobody_adds_edits_or_deletes_records(client, chain, who, request):
    released(chain)
    form, entry = ApprovalForm.objects.get(), ReleaseLogEntry.objects.get()
    client.force_login(person(chain, request, who))
    for prefix, pk in ((FORMS, form.pk), (LOG, entry.pk)):
        listing = body(client.get(reverse(f"{prefix}_index")))
        assert reverse(f"{prefix}_create") not in listing
        assert reverse(f"{prefix}_edit", args=[pk]) not in listing
        for url in (
            reverse(f"{prefix}_create"),
            reverse(f"{prefix}_edit", args=[pk]),
            reverse(f"{prefix}_delete", args=[pk]),
        ):
            assert refused(client.get(url))
            assert refused(client.post(url, {}))
    assert ReleaseLogEntry.objects.filter(pk=entry.pk).exists()


def test_liaison_cannot_open_the_registers(client, chain):
    released(chain)
    client.force_login(chain.town_liaison)
    assert refused(client.get(reverse(f"{FORMS}_index")))
    assert refused(client.get(reverse(f"{LOG}_index")))


def test_only_the_drafter_and_record_keepers_open_an_items_form(client, chain):
    released(chain)
    url = reverse("xiuying_records:approval_form_print", args=[ApprovalForm.objects.get().pk])
    client.force_login(chain.dept_liaison)
    assert refused(client.get(url))
    client.force_login(chain.proofreader1)
    assert refused(client.get(url))
    client.force_login(chain.town_liaison)
    assert client.get(url).status_code == 200


def test_editor_header_links_the_items_latest_form(client, chain):
    article = released(chain)
    client.force_login(chain.town_liaison)
    page = body(client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    assert (
        reverse("xiuying_records:approval_form_print", args=[ApprovalForm.objects.get().pk]) in page
    )


# Exports -----------------------------------------------------------------------------------


def log_entry(title, at: datetime) -> ReleaseLogEntry:
    with mock.patch("workflows.release_log.timezone.now", return_value=at):
        return release_log.append(
            kind=ReleaseLogEntry.Kind.RELEASE,
            actor=None,
            actor_name="site_admin",
            article_page_id=1,
            article_title=title,
            column_title="工作动态",
            revision_id=1,
            content_sha256="a" * 64,
            approved_content={"title": title},
        )


@pytest.fixture
def entries(db):
    """Three entries; in Beijing time 3月2日 07:30 and 23:59 fall on 2 March, 3月3日 00:00 not."""
    return [
        log_entry("早间发布", datetime(2026, 3, 1, 23, 30, tzinfo=UTC)),
        log_entry("深夜发布", datetime(2026, 3, 2, 15, 59, tzinfo=UTC)),
        log_entry("次日发布", datetime(2026, 3, 2, 16, 0, tzinfo=UTC)),
    ]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_has_chinese_headings_and_beijing_times_in_range(client, site_admin, entries):
    client.force_login(site_admin)
    url = reverse("xiuying_records:release_log_csv")
    response = client.get(url, {"from": "2026-03-02", "to": "2026-03-02"})
    assert response["Content-Type"].startswith("text/csv")
    heading, *rows = csv_rows(response)
    assert heading[:4] == ["序号", "类型", "记录时间（北京时间）", "操作人"]
    assert [row[4] for row in rows] == ["早间发布", "深夜发布"]
    assert rows[0][2] == "2026-03-02 07:30:00"
    assert rows[1][2] == "2026-03-02 23:59:00"


def test_xlsx_export_has_chinese_headings_and_beijing_times_in_range(client, specialist, entries):
    client.force_login(specialist)
    url = reverse("xiuying_records:release_log_xlsx")
    response = client.get(url, {"from": "2026-03-03", "to": "2026-03-31"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    heading, *rows = list(sheet.iter_rows(values_only=True))
    assert "记录时间（北京时间）" in heading and "标题" in heading
    assert [row[4] for row in rows] == ["次日发布"]
    assert rows[0][2] == datetime(2026, 3, 3, 0, 0)


def test_exports_refuse_a_liaison_and_a_bad_date(client, chain, entries):
    client.force_login(chain.town_liaison)
    assert refused(client.get(reverse("xiuying_records:release_log_csv")))
    assert refused(client.get(reverse("xiuying_records:release_log_xlsx")))
    client.force_login(chain.site_admin)
    bad = client.get(reverse("xiuying_records:release_log_csv"), {"from": "2026-13-01"})
    assert bad.status_code == 400


def test_release_log_listing_links_the_exports(client, site_admin, entries):
    client.force_login(site_admin)
    listing = body(client.get(reverse(f"{LOG}_index")))
    assert reverse("xiuying_records:release_log_csv") in listing
    assert reverse("xiuying_records:release_log_xlsx") in listing


def test_a_title_is_never_exported_as_a_formula(client, site_admin):
    log_entry("=HYPERLINK(1)", datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    client.force_login(site_admin)
    rows = csv_rows(client.get(reverse("xiuying_records:release_log_csv")))
    assert rows[1][4] == "'=HYPERLINK(1)"
    xlsx = client.get(reverse("xiuying_records:release_log_xlsx"))
    cell = load_workbook(io.BytesIO(xlsx.content)).active["E2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


# Takedown ----------------------------------------------------------------------------------


def test_specialist_takes_an_item_down_with_a_reason(client, chain, specialist):
    article = released(chain)
    client.force_login(specialist)
    url = reverse("xiuying_records:takedown", args=[article.pk])
    response = client.post(url, {"reason": "发现不宜公开的统计数据"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[chain.column.pk])
    article.refresh_from_db()
    assert not article.live
    entry = ReleaseLogEntry.objects.get(kind=ReleaseLogEntry.Kind.TAKEDOWN)
    assert (entry.actor, entry.reason) == (specialist, "发现不宜公开的统计数据")


def test_takedown_without_a_reason_shows_the_error_and_keeps_the_item(client, chain, specialist):
    article = released(chain)
    client.force_login(specialist)
    url = reverse("xiuying_records:takedown", args=[article.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert REASON_REQUIRED in body(response)
    article.refresh_from_db()
    assert article.live


def test_liaison_cannot_take_down(client, chain):
    article = released(chain)
    client.force_login(chain.town_liaison)
    url = reverse("xiuying_records:takedown", args=[article.pk])
    assert refused(client.get(url))
    assert refused(client.post(url, {"reason": "试图下线"}))
    article.refresh_from_db()
    assert article.live


def test_takedown_button_shows_to_the_specialist_not_to_a_liaison(client, chain, specialist):
    article = released(chain)
    explorer = reverse("wagtailadmin_explore", args=[chain.column.pk])
    url = reverse("xiuying_records:takedown", args=[article.pk])
    client.force_login(specialist)
    assert url in body(client.get(explorer))
    client.force_login(chain.town_liaison)
    listing = client.get(explorer)
    assert listing.status_code == 200
    assert url not in body(listing)
