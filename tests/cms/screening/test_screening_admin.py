"""Screening in the admin (R-12, R-23): the editor's side panel endpoint, and the lexicon edited,
imported and exported by 网站专管员 and 网站管理员 only, with a version per change."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.screening.engine import import_csv
from cms.screening.models import LexiconEntry, LexiconVersion
from tests.workflows.chain import draft

pytestmark = pytest.mark.django_db

CHECK_URL = "xiuying_screening:check"


def rich_text(text: str) -> str:
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def editor_data(title="长流镇开展主题党日", summary="", body=""):
    data = {
        "title": title,
        "slug": "item",
        "summary": summary,
        "item_kind": "work_focus",
        "body-count": "1" if body else "0",
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
    }
    if body:
        data.update(
            {
                "body-0-type": "paragraph",
                "body-0-value": rich_text(body),
                "body-0-deleted": "",
                "body-0-order": "0",
                "body-0-id": "8c3d0e37-3a3c-4bd4-9b7e-000000000001",
            }
        )
    return data


def check(client, target, data):
    return client.post(f"{reverse(CHECK_URL)}?target={target}", data)


def test_editor_loads_the_side_panel_script(client, chain):
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.town_liaison)
    page = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "screening/editor_panel.js" in page
    assert f'data-xiuying-screening-url="{reverse(CHECK_URL)}"' in page


def test_side_panel_shows_hits_of_the_unsaved_form(client, chain):
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.town_liaison)
    target = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    result = check(client, target, editor_data(body="深入开展扫黑险恶专项斗争")).json()
    assert (result["count"], result["blocks"], result["needs_minister"]) == (1, True, False)
    assert "扫黑除恶" in result["html"]
    assert "正文第1块，第5字" in result["html"]
    assert "严重表述错误" in result["html"]


def test_side_panel_works_while_an_item_is_created(client, chain):
    client.force_login(chain.town_liaison)
    target = reverse("wagtailadmin_pages:add", args=("columns", "articlepage", chain.column.pk))
    result = check(client, target, editor_data(summary="测试敏感词乙")).json()
    assert (result["blocks"], result["needs_minister"]) == (False, True)
    assert "须报部长审签" in result["html"]


def test_side_panel_is_not_for_other_editors(client, chain):
    client.force_login(chain.site_admin)
    target = reverse("wagtailadmin_pages:edit", args=(chain.column.pk,))
    assert check(client, target, {}).json() == {"applicable": False}


def test_side_panel_refuses_who_may_not_edit_the_item(client, chain, other_liaison):
    article = draft(chain, chain.town_liaison)
    client.force_login(other_liaison)
    target = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert check(client, target, editor_data()).status_code == 403


def test_specialist_edits_the_lexicon_and_each_change_is_a_version(client, specialist):
    client.force_login(specialist)
    response = client.post(
        reverse("lexicon_entries:add"),
        {"kind": "wrong_form", "term": "党风廉正", "suggestion": "党风廉政", "active": "on"},
    )
    assert response.status_code == 302
    entry = LexiconEntry.objects.get(term="党风廉正")
    assert LexiconVersion.objects.latest("pk").note == "新增词条“党风廉正”"
    client.post(reverse("lexicon_entries:delete", args=(entry.pk,)))
    assert not LexiconEntry.objects.filter(term="党风廉正").exists()
    assert LexiconVersion.objects.latest("pk").note == "删除词条“党风廉正”"


def test_invalid_entry_is_refused_with_the_reason_in_chinese(client, specialist):
    client.force_login(specialist)
    response = client.post(
        reverse("lexicon_entries:add"),
        {"kind": "forbidden", "category": "rumour_disorder", "term": "谣言", "active": "on"},
    )
    assert "须人工研判，不能设禁用词" in response.content.decode()
    assert not LexiconVersion.objects.exclude(note__startswith="载入内置默认词库").exists()


def test_a_second_active_entry_for_the_same_term_is_refused(client, specialist, lexicon):
    client.force_login(specialist)
    response = client.post(
        reverse("lexicon_entries:add"),
        {"kind": "wrong_form", "term": "攻 府", "suggestion": "政府", "active": "on"},
    )
    assert "词库中已有同类型的词条" in response.content.decode()


@pytest.mark.parametrize("who", ["town_liaison", "minister", "proofreader1"])
def test_other_roles_cannot_open_the_lexicon(client, chain, who):
    client.force_login(getattr(chain, who))
    for name in ("lexicon_entries:index", "lexicon_entries:import", "lexicon_entries:export"):
        assert client.get(reverse(name)).status_code in (302, 403)


def test_site_administrator_imports_and_exports_csv(client, site_admin, lexicon):
    client.force_login(site_admin)
    upload = SimpleUploadedFile("lexicon.csv", "kind,term\nsensitive,换届选举\n".encode("gbk"))
    response = client.post(reverse("lexicon_entries:import"), {"file": upload, "replace": "0"})
    assert response.status_code == 302
    exported = client.get(reverse("lexicon_entries:export")).content
    assert exported.startswith("\ufeff".encode())
    assert "换届选举" in {entry.term for entry in import_csv(exported)}


def test_import_errors_are_listed_by_row(client, site_admin):
    client.force_login(site_admin)
    upload = SimpleUploadedFile("bad.csv", b"kind,term\nforbidden,x\n")
    response = client.post(reverse("lexicon_entries:import"), {"file": upload, "replace": "1"})
    assert "第2行：禁用词必须填写类别" in response.content.decode()
    assert not LexiconVersion.objects.exclude(note__startswith="载入内置默认词库").exists()


def test_side_panel_waits_while_the_editor_is_still_loading(client, chain):
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.town_liaison)
    target = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = {k: v for k, v in editor_data().items() if k != "body-count"}
    assert check(client, target, data).json() == {"applicable": True, "pending": True}


def test_specialist_opens_the_lexicon_its_versions_and_the_import_form(client, specialist, lexicon):
    client.force_login(specialist)
    index = client.get(reverse("lexicon_entries:index"), {"kind": "wrong_form"})
    assert index.status_code == 200
    page = index.content.decode()
    assert "扫黑险恶" in page and "导入CSV" in page and "测试禁用词甲" not in page
    versions = client.get(reverse("lexicon_versions:index")).content.decode()
    assert "载入内置默认词库" in versions
    assert client.get(reverse("lexicon_entries:import")).status_code == 200


def replace_upload(text="kind,term\nsensitive,换届选举\n"):
    return SimpleUploadedFile("lexicon.csv", text.encode())


def test_admin_replace_says_what_it_removes_and_waits_for_confirmation(
    client, specialist, as_migrated
):
    """Issue 11: a replace is shown with the entries it removes, and nothing changes yet."""
    client.force_login(specialist)
    before = LexiconEntry.objects.count()
    response = client.post(
        reverse("lexicon_entries:import"), {"file": replace_upload(), "replace": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"替换词库将删除现有{before}条启用词条（其中内置默认词条{before}条）" in page
    assert "中华人民共合国" in page and "确认替换" in page
    assert LexiconEntry.objects.count() == before
    assert not LexiconEntry.objects.filter(term="换届选举").exists()


def test_admin_replace_goes_through_once_confirmed(client, specialist):
    client.force_login(specialist)
    first = client.post(
        reverse("lexicon_entries:import"), {"file": replace_upload(), "replace": "1"}
    )
    carried = first.context["carried"]
    response = client.post(reverse("lexicon_entries:import"), carried)
    assert response.status_code == 302
    assert list(LexiconEntry.objects.values_list("term", flat=True)) == ["换届选举"]


def test_admin_confirmation_of_an_older_state_is_asked_again(client, specialist, lexicon):
    client.force_login(specialist)
    first = client.post(
        reverse("lexicon_entries:import"), {"file": replace_upload(), "replace": "1"}
    )
    lexicon.add("sensitive", "干部任免")  # the lexicon changed while the page was open
    response = client.post(reverse("lexicon_entries:import"), first.context["carried"])
    assert response.status_code == 200
    assert response.context["carried"]["confirmed"] == first.context["carried"]["confirmed"] + 1
    assert LexiconEntry.objects.filter(term="中华人民共合国").exists()


def test_admin_merge_keeps_the_shipped_entries(client, specialist, as_migrated):
    client.force_login(specialist)
    before = LexiconEntry.objects.count()
    response = client.post(
        reverse("lexicon_entries:import"), {"file": replace_upload(), "replace": "0"}
    )
    assert response.status_code == 302
    assert LexiconEntry.objects.count() == before + 1
