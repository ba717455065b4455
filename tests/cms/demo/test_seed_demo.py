import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site, WorkflowState
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.core.conf import role_name
from cms.core.models import Unit, UnitKind
from cms.demo.articles import PUBLISHED_PLAN
from cms.demo.catalogue import ACCOUNTS, DEFAULT_PASSWORD
from cms.demo.compliance import HIDDEN_MARK
from cms.demo.management.commands.seed_demo import DEBUG_OFF
from cms.security.clamav import MSG_UNAVAILABLE
from columns import rules
from columns.models import ArticlePage, ColumnPage
from home.models import HomePage
from liaisons.models import Liaison
from tests.cms.web.conftest import html_of
from tests.conftest import ensure_wagtail_roots
from workflows.models import ApprovalForm, ChainStepTask, ReleaseLogEntry
from workflows.selectors import revision_is_released, task_states_user_may_sign

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, verbosity=0, **options)
    return out.getvalue()


# The search and reference indexes are Wagtail's business and slow the seed; not tested here.
NO_SEARCH_UPDATES = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module; every test runs in a savepoint on top of it, and the whole
    seed is rolled back when the module is done."""
    media = str(tmp_path_factory.mktemp("media"))
    overrides = override_settings(MEDIA_ROOT=media, WAGTAILSEARCH_BACKENDS=NO_SEARCH_UPDATES)
    with (
        django_db_blocker.unblock(),
        overrides,
        disable_reference_index_auto_update(),
        transaction.atomic(),
    ):
        ensure_wagtail_roots()  # a transactional test run before may have flushed them
        yield seed()
        transaction.set_rollback(True)
    cache.clear()


def counts() -> dict[str, int]:
    models = [
        Unit, ColumnPage, ArticlePage, Liaison, Page, Revision, Site, PageLogEntry,
        WorkflowState, ApprovalForm, ReleaseLogEntry,
        get_user_model(), get_image_model(), get_document_model(),
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def test_refuses_to_run_with_debug_off_and_no_force(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", stdout=io.StringIO())
    assert str(refused.value) == DEBUG_OFF
    assert counts() == before


def test_rejects_a_weak_password_and_writes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    before = counts()
    with pytest.raises(CommandError, match="密码不符合要求"):
        seed(password="12345678")
    assert counts() == before


def test_a_scanner_outage_is_not_reported_as_a_password_problem(settings, tmp_path):
    """Issue 11: the demo pictures are refused while clamd is down; the message says so."""
    settings.MEDIA_ROOT = str(tmp_path)
    down = {"UPLOAD_SCANNING": True, "CLAMD_URL": f"unix://{tmp_path}/no-clamd.ctl"}
    settings.XIUYING = {**settings.XIUYING, **down}
    with pytest.raises(CommandError) as refused:
        seed(password="Xiuying#Demo2026")
    assert str(refused.value).startswith("演示数据未能生成：")
    assert MSG_UNAVAILABLE[:10] in str(refused.value)


def test_site_root_is_the_home_page_of_the_default_site(seeded):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert site.root_page.specific_class is HomePage
    assert site.root_page.title == "秀英党建网"
    assert list(Page.objects.filter(depth=2)) == [site.root_page]


def test_creates_units_and_columns_with_owners_and_contributors(seeded):
    assert Unit.objects.count() == 21
    assert Unit.objects.get(is_organisation_group=True).name == "组织组"
    assert Unit.objects.filter(kind=UnitKind.TOWN).count() == 6
    news = ColumnPage.objects.get(slug="news")
    assert news.responsible_department.name == "组织科"
    assert {"长流镇", "干部科", "市信息中心"} <= set(
        news.contributing_units.values_list("name", flat=True)
    )
    towns = ColumnPage.objects.get(slug="towns")
    assert towns.get_parent().slug == "grassroots"
    assert ColumnPage.objects.live().count() == 10  # with the compliance demo's stale column


def test_creates_one_account_per_role_in_its_group_and_unit(seeded):
    for spec in ACCOUNTS:
        user = get_user_model().objects.get(username=spec.username)
        assert user.groups.filter(name=role_name(spec.role)).exists()
        assert user.xiuying_profile.unit.name == spec.unit
        assert user.email == f"{spec.username}@xiuying.example"
        assert user.check_password(DEFAULT_PASSWORD)


def test_prints_the_admin_url_and_the_accounts_with_their_passwords(seeded, settings):
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/" in seeded
    assert "site_admin" in seeded
    assert DEFAULT_PASSWORD in seeded
    assert DEFAULT_PASSWORD not in seed()


def test_creates_liaison_records_with_their_columns(seeded):
    liaison = Liaison.objects.get(user__username="liaison")
    assert liaison.unit.name == "干部科"
    assert liaison.active_from == date(2026, 1, 1)
    assert {"news", "notices", "policy", "cadres", "photos"} == set(
        liaison.columns.values_list("slug", flat=True)
    )
    assert Liaison.objects.get(user__username="town_liaison").columns.filter(slug="towns").exists()
    assert Liaison.objects.filter(user__isnull=True).count() >= 5


def test_creates_demo_articles_some_live_some_drafts(seeded):
    articles = ArticlePage.objects.all()
    assert articles.count() == 41  # the forty demo items and the compliance demo's dead link
    assert articles.filter(live=True).count() == 31
    assert articles.filter(is_major_sensitive=True).exists()
    assert set(articles.values_list("content_form", flat=True)) == set(rules.BLOCK_FORMS.values())
    assert all(article.original_materials.count() == 1 for article in articles)


def test_every_live_article_was_released_by_the_site_administrator_through_the_chain(seeded):
    live = ArticlePage.objects.live()
    publishers = PageLogEntry.objects.filter(page__in=live, action="wagtail.publish")
    assert publishers.count() == live.count()
    assert set(publishers.values_list("user__username", flat=True)) == {"site_admin"}
    assert all(revision_is_released(article.live_revision_id) for article in live)


def test_demo_items_show_release_times_of_their_own_from_the_log(seeded, client):
    live = ArticlePage.objects.live().filter(slug__startswith="demo-")
    entries = ReleaseLogEntry.objects.filter(kind="release", article_page_id__in=live.values("pk"))
    days = {timezone.localdate(at) for at in entries.values_list("recorded_at", flat=True)}
    assert entries.count() == live.count() == len(days) == 30
    article = live.order_by("first_published_at").first()
    released = timezone.localtime(entries.get(article_page_id=article.pk).recorded_at)
    assert article.first_published_at == released < timezone.now() - timedelta(days=90)
    assert f'发布时间：<time datetime="{released.isoformat()}">' in html_of(client.get(article.url))


def test_the_seeded_release_log_is_in_time_order_and_passes_the_audit(seeded):
    times = list(ReleaseLogEntry.objects.order_by("sequence").values_list("recorded_at", flat=True))
    assert times == sorted(times)
    out = io.StringIO()
    call_command("audit_releases", "--skip-content", stdout=out)
    assert "the release log and the security events are intact" in out.getvalue()
    # The compliance demo writes a 暗链 into one live item behind the application's back; the
    # content audit finds that item, and only it.
    [tampered] = [a for a in ArticlePage.objects.live() if HIDDEN_MARK in str(a.body.raw_data)]
    with pytest.raises(CommandError, match="1 live item finding"):
        call_command("audit_releases", stdout=out)
    assert f"《{tampered.title}》" in out.getvalue()


def test_unpublished_articles_are_drafts_or_wait_at_a_step_of_the_chain(seeded):
    waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert waiting.count() == 8
    assert ArticlePage.objects.filter(live=False).count() == 10
    waiting_ids = {int(pk) for pk in waiting.values_list("object_id", flat=True)}
    assert not ArticlePage.objects.filter(live=True, pk__in=waiting_ids).exists()


@pytest.mark.parametrize(
    "username", ["proofreader1", "unit_approver", "cadre_leader", "minister", "site_admin"]
)
def test_every_reviewer_finds_an_item_waiting_for_them(seeded, username):
    user = get_user_model().objects.get(username=username)
    tasks = ChainStepTask.objects.all()
    assert any(task_states_user_may_sign(user, task).exists() for task in tasks)


def test_articles_are_drafted_by_liaisons_of_their_source_unit(seeded):
    for article in ArticlePage.objects.select_related("drafter", "source_unit"):
        column = article.get_parent().specific
        assert article.source_unit_id in column.contributing_unit_ids() | {
            column.responsible_department_id
        }
        assert article.drafter.groups.filter(name=role_name("liaison")).exists()
        assert article.source_unit == article.drafter.xiuying_profile.unit


def test_running_twice_creates_nothing_new(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "新建演示信息 0 条" in output


def test_password_option_resets_existing_accounts(seeded):
    seed(password="Another#Demo2026")
    assert get_user_model().objects.get(username="minister").check_password("Another#Demo2026")


def test_articles_option_adds_live_pages_in_a_valid_tree(seeded):
    before = ArticlePage.objects.count()
    seed(articles=50)
    added = ArticlePage.objects.filter(slug__startswith="bulk-")
    assert ArticlePage.objects.count() - before == added.count() == 50
    assert added.filter(live=True).count() == 50
    assert all(not problems for problems in Page.find_problems())
    for pk in added.values_list("pk", flat=True):
        page = Page.objects.get(pk=pk)
        column = page.get_parent().specific
        article = page.specific
        assert isinstance(column, ColumnPage)
        assert column.slug in PUBLISHED_PLAN
        assert article.source_unit_id in column.contributing_unit_ids() | {
            column.responsible_department_id
        }
        assert len(article.body) >= 3
        assert article.content_form == rules.content_form(b.block_type for b in article.body)


def test_totp_secret_enrols_the_accounts_that_need_two_factors(seeded, settings):
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp

    from cms.security.two_factor import secret_hex, totp_device

    settings.DEBUG = True
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    seed(totp_secret=secret)
    users = get_user_model().objects
    for username in ("minister", "site_admin", "specialist"):
        device = totp_device(users.get(username=username))
        assert device is not None
        assert device.verify_token(totp(bytes.fromhex(secret_hex(secret))))
    assert totp_device(users.get(username="liaison")) is None


def test_totp_secret_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="仅用于开发环境"):
        seed(totp_secret="JBSWY3DPEHPK3PXP")


def _sitemap_paths(client) -> list[str]:
    import re
    from urllib.parse import urlsplit

    sitemap = client.get("/sitemap.xml").content.decode()
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def test_every_public_page_of_the_demo_site_answers(seeded, client):
    # The public website (issue 13): every page in the sitemap, search, feeds and robots.txt.
    paths = _sitemap_paths(client)
    assert len(paths) == 1 + ColumnPage.objects.count() + ArticlePage.objects.live().count()
    extra = ["/search/?q=党建", "/feeds/rss/", "/feeds/atom/", "/robots.txt"]
    extra += [
        f"/feeds/columns/{pk}/atom/" for pk in ColumnPage.objects.values_list("pk", flat=True)
    ]
    for path in paths + extra:
        assert client.get(path).status_code == 200, path


def test_every_page_of_the_demo_site_previews_in_every_mode(seeded):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="site_admin")
    pages = [HomePage.objects.get(), *ColumnPage.objects.all(), *ArticlePage.objects.all()]
    for page in pages:
        draft = page.get_latest_revision_as_object()
        for mode, _label in draft.preview_modes:
            assert draft.make_preview_request(request, mode).status_code == 200, (page, mode)


def test_every_waiting_demo_item_previews_for_an_approver_of_its_step(seeded, client):
    users = get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS])
    for state in WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS):
        page, task_state = state.content_object, state.current_task_state
        task = task_state.task.specific
        approver = next(user for user in users if task.get_actions(page, user))
        client.force_login(approver)
        url = f"/admin/pages/workflow/preview/{page.pk}/{task.pk}/"
        assert client.get(url).status_code == 200, (page, task, approver)
