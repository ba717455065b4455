"""The assessment in the admin (R-21, R-22, R-23, R-25): reports with filters, chart and
downloads for the report readers only; the register's 评定 form for 网站管理员; schemes; the
liaison snippet's revisions and its warning about units without a liaison."""

import pytest
from django.urls import reverse

from liaisons.models import AssessmentYear, Contribution, Liaison, ScoringScheme
from tests.liaisons.factories import LiaisonFactory
from tests.workflows.chain import draft, released, submit

pytestmark = pytest.mark.django_db

REPORTS = ("column-assessment", "liaison-ranking", "column-freshness")


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("username", ["site_admin", "minister"])
def test_report_readers_see_the_reports(client, chain, report, username):
    client.force_login(getattr(chain, username))
    response = client.get(f"/admin/reports/{report}/")
    assert response.status_code == 200
    assert "<svg" in response.content.decode() or report == "liaison-ranking"


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("username", ["town_liaison", "proofreader1", "dept_leader"])
def test_other_roles_are_refused_the_reports(client, chain, report, username):
    client.force_login(getattr(chain, username))
    assert client.get(f"/admin/reports/{report}/").status_code in (302, 403)


def test_superuser_and_specialist_see_the_reports(client, chain, specialist, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    for user in (root, specialist):
        client.force_login(user)
        assert client.get("/admin/reports/column-assessment/").status_code == 200


def test_column_assessment_page_shows_department_totals_and_chart(client, chain):
    released(chain)
    client.force_login(chain.site_admin)
    html = client.get("/admin/reports/column-assessment/?quarter=4").content.decode()
    assert "第四季度栏目考核" in html
    assert 'id="xiuying-department-totals"' in html
    assert "各责任科室目标得分" in html and "<rect" in html
    assert "工作动态" in html


def test_ranking_page_highlights_and_downloads_xlsx(client, chain, liaisons_of_chain):
    released(chain)
    client.force_login(chain.site_admin)
    html = client.get("/admin/reports/liaison-ranking/").content.decode()
    assert "xiuying-top" in html and "符海燕" in html
    response = client.get("/admin/reports/liaison-ranking/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reports_appear_in_the_reports_menu_for_readers_only(client, chain):
    # The sidebar menu is JSON in the page: look for the report's address.
    client.force_login(chain.site_admin)
    assert "/admin/reports/liaison-ranking/" in client.get("/admin/").content.decode()
    client.force_login(chain.town_liaison)
    assert "/admin/reports/liaison-ranking/" not in client.get("/admin/").content.decode()


def assess_url(contribution):
    return reverse("contributions:edit", args=[contribution.pk])


def assess_form(grade, adoptions=()):
    data = {
        "grade": grade,
        "adoptions-TOTAL_FORMS": str(len(adoptions)),
        "adoptions-INITIAL_FORMS": "0",
        "adoptions-MIN_NUM_FORMS": "0",
        "adoptions-MAX_NUM_FORMS": "1000",
        "endorsements-TOTAL_FORMS": "0",
        "endorsements-INITIAL_FORMS": "0",
        "endorsements-MIN_NUM_FORMS": "0",
        "endorsements-MAX_NUM_FORMS": "1000",
    }
    for i, (level, outlet, day) in enumerate(adoptions):
        data |= {
            f"adoptions-{i}-level": level,
            f"adoptions-{i}-outlet": outlet,
            f"adoptions-{i}-adopted_on": day,
            f"adoptions-{i}-id": "",
            f"adoptions-{i}-ORDER": str(i),
            f"adoptions-{i}-DELETE": "",
        }
    return data


def test_site_admin_grades_and_records_an_adoption_in_the_admin(client, chain):
    contribution = Contribution.objects.get(article_page_id=released(chain).pk)
    client.force_login(chain.site_admin)
    assert client.get(assess_url(contribution)).status_code == 200
    form = assess_form("excellent", [("city", "海口日报", "2026-11-20")])
    response = client.post(assess_url(contribution), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    contribution.refresh_from_db()
    assert (contribution.grade, contribution.graded_by) == ("excellent", chain.site_admin)
    adoption = contribution.adoptions.get()
    assert (adoption.level, adoption.outlet, adoption.recorded_by) == (
        "city",
        "海口日报",
        chain.site_admin,
    )


def test_minister_reads_the_register_but_cannot_grade(client, chain):
    contribution = Contribution.objects.get(article_page_id=released(chain).pk)
    client.force_login(chain.minister)
    assert client.get(reverse("contributions:index")).status_code == 200
    assert client.get(assess_url(contribution)).status_code in (302, 403)
    client.post(assess_url(contribution), assess_form("good"))
    contribution.refresh_from_db()
    assert contribution.grade == ""


def test_an_item_in_review_has_no_assess_form(client, chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    contribution = Contribution.objects.get(article_page_id=article.pk)
    client.force_login(chain.site_admin)
    assert client.get(assess_url(contribution)).status_code in (302, 403)


def test_released_item_offers_assess_in_the_page_header(client, chain):
    article = released(chain)
    client.force_login(chain.site_admin)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    contribution = Contribution.objects.get(article_page_id=article.pk)
    assert assess_url(contribution) in html


def test_site_admin_adds_next_years_scheme(client, chain):
    client.force_login(chain.site_admin)
    url = reverse("scoring_schemes:add")
    assert client.get(url).status_code == 200
    client.post(url, {**scheme_form(2027), "points_text": "3"})
    assert ScoringScheme.objects.get(year=2027).points_text == 3


def scheme_form(year):
    scheme = ScoringScheme(year=year)
    skip = {"id", "notes"}
    return {
        field.name: str(getattr(scheme, field.name)).replace("True", "on")
        for field in ScoringScheme._meta.concrete_fields
        if field.name not in skip
    }


def test_closed_years_scheme_cannot_be_edited(client, chain):
    scheme = ScoringScheme.objects.create(year=2025)
    AssessmentYear.objects.create(year=2025, scheme={}, columns={}, liaisons=[])
    client.force_login(chain.site_admin)
    url = reverse("scoring_schemes:edit", args=[scheme.pk])
    client.post(url, {**scheme_form(2025), "points_text": "9"})
    scheme.refresh_from_db()
    assert scheme.points_text == 2


def test_minister_cannot_change_schemes(client, chain):
    client.force_login(chain.minister)
    assert client.get(reverse("scoring_schemes:index")).status_code == 200
    assert client.get(reverse("scoring_schemes:add")).status_code in (302, 403)


def test_site_admin_closes_last_year_from_the_ranking(client, chain):
    client.force_login(chain.site_admin)
    response = client.post(reverse("xiuying_close_year", args=[2025]))
    assert response.status_code == 302
    assert AssessmentYear.objects.filter(year=2025, closed_by=chain.site_admin).exists()


def test_liaison_list_warns_about_units_without_a_liaison(
    client, chain, liaisons_of_chain, other_town
):
    client.force_login(chain.site_admin)
    html = client.get(reverse("wagtailsnippets_liaisons_liaison:list")).content.decode()
    warning = html[html.index("以下单位目前没有在任的信息联络员") :].split("</", 1)[0]
    assert "西秀镇" in warning
    assert "长流镇" not in warning and "组织科" not in warning


def test_liaison_edits_are_kept_as_revisions_with_history(client, chain, town):
    liaison = LiaisonFactory(name="王芳", unit=town)
    client.force_login(chain.site_admin)
    url = reverse("wagtailsnippets_liaisons_liaison:edit", args=[liaison.pk])
    response = client.post(
        url, {"name": "王芳", "unit": town.pk, "phone": "0898-1", "active_from": "2026-01-01"}
    )
    assert response.status_code == 302
    liaison = Liaison.objects.get(pk=liaison.pk)
    assert liaison.phone == "0898-1"
    assert liaison.revisions.count() == 1
    history = reverse("wagtailsnippets_liaisons_liaison:history", args=[liaison.pk])
    assert client.get(history).status_code == 200
